using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Kith.Data.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class CustomerValues : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "customer_value_snapshots",
                columns: table => new
                {
                    customer_id = table.Column<long>(type: "bigint", nullable: false),
                    as_of = table.Column<DateOnly>(type: "date", nullable: false),
                    recency_days = table.Column<int>(type: "integer", nullable: true),
                    frequency = table.Column<int>(type: "integer", nullable: false),
                    monetary = table.Column<decimal>(type: "numeric(18,4)", precision: 18, scale: 4, nullable: false),
                    r_score = table.Column<short>(type: "smallint", nullable: true),
                    f_score = table.Column<short>(type: "smallint", nullable: true),
                    m_score = table.Column<short>(type: "smallint", nullable: true),
                    rfm_group = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    lifecycle = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    tier = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_customer_value_snapshots", x => new { x.as_of, x.customer_id });
                    table.ForeignKey(
                        name: "fk_customer_value_snapshots_customers_customer_id",
                        column: x => x.customer_id,
                        principalTable: "customers",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "customer_values",
                columns: table => new
                {
                    customer_id = table.Column<long>(type: "bigint", nullable: false),
                    as_of = table.Column<DateOnly>(type: "date", nullable: false),
                    recency_days = table.Column<int>(type: "integer", nullable: true),
                    frequency = table.Column<int>(type: "integer", nullable: false),
                    monetary = table.Column<decimal>(type: "numeric(18,4)", precision: 18, scale: 4, nullable: false),
                    r_score = table.Column<short>(type: "smallint", nullable: true),
                    f_score = table.Column<short>(type: "smallint", nullable: true),
                    m_score = table.Column<short>(type: "smallint", nullable: true),
                    rfm_group = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    lifecycle = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    tier = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_customer_values", x => x.customer_id);
                    table.ForeignKey(
                        name: "fk_customer_values_customers_customer_id",
                        column: x => x.customer_id,
                        principalTable: "customers",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "ix_customer_value_snapshots_customer_id",
                table: "customer_value_snapshots",
                column: "customer_id");

            migrationBuilder.CreateIndex(
                name: "ix_customer_values_lifecycle",
                table: "customer_values",
                column: "lifecycle");

            migrationBuilder.CreateIndex(
                name: "ix_customer_values_rfm_group",
                table: "customer_values",
                column: "rfm_group");

            migrationBuilder.CreateIndex(
                name: "ix_customer_values_tier",
                table: "customer_values",
                column: "tier");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "customer_value_snapshots");

            migrationBuilder.DropTable(
                name: "customer_values");
        }
    }
}
