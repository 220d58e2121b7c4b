using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

namespace Vigil.Infrastructure.Database.Migrations;

/// <summary>QR venue outbreak events, their audit trail and export versions.</summary>
[DbContext(typeof(VigilDb))]
[Migration("20261123000005_Outbreaks")]
public sealed class M0005_Outbreaks : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.CreateTable(
            name: "OutbreakEvents",
            columns: table => new
            {
                Id = table.Column<Guid>(nullable: false),
                LocationId = table.Column<string>(nullable: false),
                StartTime = table.Column<long>(nullable: false),
                EndTime = table.Column<long>(nullable: false),
                Severity = table.Column<int>(nullable: false),
                Region = table.Column<string>(nullable: false),
                ApiKeyId = table.Column<Guid>(nullable: false),
                CreatedAt = table.Column<long>(nullable: false),
                WithdrawnAt = table.Column<long>(nullable: true),
                WithdrawnReason = table.Column<string>(nullable: true),
            },
            constraints: table => table.PrimaryKey("PK_OutbreakEvents", x => x.Id));
        migrationBuilder.CreateIndex("IX_OutbreakEvents_Region_CreatedAt", "OutbreakEvents", ["Region", "CreatedAt"]);
        migrationBuilder.CreateIndex("IX_OutbreakEvents_LocationId", "OutbreakEvents", "LocationId");

        migrationBuilder.CreateTable(
            name: "OutbreakEventAudits",
            columns: table => new
            {
                Id = table.Column<long>(nullable: false)
                    .Annotation("Sqlite:Autoincrement", true)
                    .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                EventId = table.Column<Guid>(nullable: false),
                Actor = table.Column<string>(nullable: false),
                Action = table.Column<string>(nullable: false),
                Details = table.Column<string>(nullable: false),
                At = table.Column<long>(nullable: false),
            },
            constraints: table => table.PrimaryKey("PK_OutbreakEventAudits", x => x.Id));
        migrationBuilder.CreateIndex("IX_OutbreakEventAudits_EventId", "OutbreakEventAudits", "EventId");

        migrationBuilder.CreateTable(
            name: "OutbreakExportVersions",
            columns: table => new
            {
                Region = table.Column<string>(nullable: false),
                Day = table.Column<int>(nullable: false),
                Version = table.Column<int>(nullable: false),
            },
            constraints: table => table.PrimaryKey("PK_OutbreakExportVersions", x => new { x.Region, x.Day }));
    }

    protected override void Down(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.DropTable("OutbreakExportVersions");
        migrationBuilder.DropTable("OutbreakEventAudits");
        migrationBuilder.DropTable("OutbreakEvents");
    }
}
