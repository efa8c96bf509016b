using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Kith.Data.Migrations.Postgres
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
                    id = table.Column<int>(type: "integer", nullable: false),
                    trained_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    train_cutoff = table.Column<DateOnly>(type: "date", nullable: false),
                    test_cutoff = table.Column<DateOnly>(type: "date", nullable: false),
                    horizon_days = table.Column<int>(type: "integer", nullable: false),
                    auc = table.Column<double>(type: "double precision", nullable: false),
                    baseline_auc = table.Column<double>(type: "double precision", nullable: false),
                    model = table.Column<byte[]>(type: "bytea", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_churn_models", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "customer_predictions",
                columns: table => new
                {
                    customer_id = table.Column<long>(type: "bigint", nullable: false),
                    as_of = table.Column<DateOnly>(type: "date", nullable: false),
                    model = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    horizon_days = table.Column<int>(type: "integer", nullable: false),
                    expected_purchases = table.Column<double>(type: "double precision", nullable: false),
                    p_alive = table.Column<double>(type: "double precision", nullable: false),
                    expected_spend = table.Column<decimal>(type: "numeric(18,4)", precision: 18, scale: 4, nullable: false),
                    clv = table.Column<decimal>(type: "numeric(18,4)", precision: 18, scale: 4, nullable: false),
                    churn_risk = table.Column<double>(type: "double precision", nullable: true),
                    churn_band = table.Column<string>(type: "character varying(8)", maxLength: 8, nullable: true)
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
