using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Kith.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class CustomerTags : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "customer_tags",
                columns: table => new
                {
                    customer_id = table.Column<long>(type: "INTEGER", nullable: false),
                    tag = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    source = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    created_at = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_customer_tags", x => new { x.customer_id, x.tag });
                    table.ForeignKey(
                        name: "fk_customer_tags_customers_customer_id",
                        column: x => x.customer_id,
                        principalTable: "customers",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "ix_customer_tags_tag",
                table: "customer_tags",
                column: "tag");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "customer_tags");
        }
    }
}
