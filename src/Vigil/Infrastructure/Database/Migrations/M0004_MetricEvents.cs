using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

namespace Vigil.Infrastructure.Database.Migrations;

/// <summary>Insert-only metric events, so hot request paths never contend on a shared counter row.</summary>
[DbContext(typeof(VigilDb))]
[Migration("20261123000004_MetricEvents")]
public sealed class M0004_MetricEvents : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder) =>
        migrationBuilder.CreateTable(
            name: "ExposureMetricEvents",
            columns: table => new
            {
                Id = table.Column<long>(nullable: false)
                    .Annotation("Sqlite:Autoincrement", true)
                    .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                ApiKeyId = table.Column<Guid>(nullable: false),
                Day = table.Column<int>(nullable: false),
                Region = table.Column<string>(nullable: false),
                CodesGenerated = table.Column<int>(nullable: false),
                CodesClaimed = table.Column<int>(nullable: false),
                CodesExpired = table.Column<int>(nullable: false),
                KeysUploaded = table.Column<int>(nullable: false),
                FirstUploads = table.Column<int>(nullable: false),
                ClaimDelaySeconds = table.Column<long>(nullable: false),
            },
            constraints: table => table.PrimaryKey("PK_ExposureMetricEvents", x => x.Id));

    protected override void Down(MigrationBuilder migrationBuilder) => migrationBuilder.DropTable("ExposureMetricEvents");
}
