using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Kith.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class RecsRules : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "recommendation_rules",
                columns: table => new
                {
                    id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    name = table.Column<string>(type: "TEXT", maxLength: 128, nullable: false),
                    trigger_sku = table.Column<string>(type: "TEXT", maxLength: 128, nullable: true),
                    trigger_category = table.Column<string>(type: "TEXT", maxLength: 512, nullable: true),
                    target_skus = table.Column<string>(type: "TEXT", nullable: false),
                    priority = table.Column<int>(type: "INTEGER", nullable: false),
                    updated_at = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_recommendation_rules", x => x.id);
                });

            migrationBuilder.CreateIndex(
                name: "ix_recommendation_rules_name",
                table: "recommendation_rules",
                column: "name",
                unique: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "recommendation_rules");
        }
    }
}
