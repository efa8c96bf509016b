using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Kith.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class ValueScales : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "value_scales",
                columns: table => new
                {
                    id = table.Column<int>(type: "INTEGER", nullable: false),
                    as_of = table.Column<DateOnly>(type: "TEXT", nullable: false),
                    scale = table.Column<string>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_value_scales", x => x.id);
                });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "value_scales");
        }
    }
}
