using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Kith.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class CustomerPredictions : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "churn_models",
                columns: table => new
                {
                    id = table.Column<int>(type: "INTEGER", nullable: false),
                    trained_at = table.Column<long>(type: "INTEGER", nullable: false),
                    train_cutoff = table.Column<DateOnly>(type: "TEXT", nullable: false),
                    test_cutoff = table.Column<DateOnly>(type: "TEXT", nullable: false),
                    horizon_days = table.Column<int>(type: "INTEGER", nullable: false),
                    auc = table.Column<double>(type: "REAL", nullable: false),
                    baseline_auc = table.Column<double>(type: "REAL", nullable: false),
                    model = table.Column<byte[]>(type: "BLOB", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_churn_models", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "customer_predictions",
                columns: table => new
                {
                    customer_id = table.Column<long>(type: "INTEGER", nullable: false),
                    as_of = table.Column<DateOnly>(type: "TEXT", nullable: false),
                    model = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    horizon_days = table.Column<int>(type: "INTEGER", nullable: false),
                    expected_purchases = table.Column<double>(type: "REAL", nullable: false),
                    p_alive = table.Column<double>(type: "REAL", nullable: false),
                    expected_spend = table.Column<decimal>(type: "TEXT", precision: 18, scale: 4, nullable: false),
                    clv = table.Column<decimal>(type: "TEXT", precision: 18, scale: 4, nullable: false),
                    churn_risk = table.Column<double>(type: "REAL", nullable: true),
                    churn_band = table.Column<string>(type: "TEXT", maxLength: 8, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_customer_predictions", x => x.customer_id);
                    table.ForeignKey(
                        name: "fk_customer_predictions_customers_customer_id",
                        column: x => x.customer_id,
                        principalTable: "customers",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "ix_customer_predictions_churn_band",
                table: "customer_predictions",
                column: "churn_band");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "churn_models");

            migrationBuilder.DropTable(
                name: "customer_predictions");
        }
    }
}
