using Microsoft.EntityFrameworkCore.Infrastructure;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;
using Microsoft.EntityFrameworkCore.Migrations;

namespace Vigil.Infrastructure.Database.Migrations;

/// <summary>Mamori positive reports and their temporary IDs.</summary>
[DbContext(typeof(VigilDb))]
[Migration("20261123000003_Mamori")]
public sealed class M0003_Mamori : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.CreateTable(
            name: "PositiveReports",
            columns: table => new
            {
                Id = table.Column<Guid>(nullable: false),
                UserId = table.Column<Guid>(nullable: false),
                RandomId = table.Column<string>(nullable: false),
                HealthCenterToken = table.Column<string>(nullable: true),
                Status = table.Column<int>(nullable: false),
                CreatedAt = table.Column<long>(nullable: false),
                DecidedAt = table.Column<long>(nullable: true),
                LeaseUntil = table.Column<long>(nullable: true),
            },
            constraints: table => table.PrimaryKey("PK_PositiveReports", x => x.Id));
        migrationBuilder.CreateIndex("IX_PositiveReports_UserId_RandomId", "PositiveReports", ["UserId", "RandomId"]);
        migrationBuilder.CreateIndex("IX_PositiveReports_Status", "PositiveReports", "Status");

        migrationBuilder.CreateTable(
            name: "PositiveTempIds",
            columns: table => new
            {
                Id = table.Column<long>(nullable: false)
                    .Annotation("Sqlite:Autoincrement", true)
                    .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                ReportId = table.Column<Guid>(nullable: false),
                TempId = table.Column<string>(nullable: false),
                ValidFrom = table.Column<long>(nullable: false),
                ValidTo = table.Column<long>(nullable: false),
            },
            constraints: table =>
            {
                table.PrimaryKey("PK_PositiveTempIds", x => x.Id);
                table.ForeignKey("FK_PositiveTempIds_PositiveReports_ReportId", x => x.ReportId,
                    "PositiveReports", "Id", onDelete: ReferentialAction.Cascade);
            });
        migrationBuilder.CreateIndex("IX_PositiveTempIds_ReportId", "PositiveTempIds", "ReportId");
        migrationBuilder.CreateIndex("IX_PositiveTempIds_ValidFrom", "PositiveTempIds", "ValidFrom");
    }

    protected override void Down(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.DropTable("PositiveTempIds");
        migrationBuilder.DropTable("PositiveReports");
    }
}
