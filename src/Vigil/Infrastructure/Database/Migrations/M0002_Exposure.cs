using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace Vigil.Infrastructure.Database.Migrations;

/// <summary>One-time codes with their keypairs, claim failures, diagnosis keys and daily metrics.</summary>
[DbContext(typeof(VigilDb))]
[Migration("20261123000002_Exposure")]
public sealed class M0002_Exposure : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.CreateTable(
            name: "KeyClaims",
            columns: table => new
            {
                Id = table.Column<Guid>(nullable: false),
                CodeHash = table.Column<string>(nullable: false),
                HashId = table.Column<string>(nullable: true),
                ApiKeyId = table.Column<Guid>(nullable: false),
                Region = table.Column<string>(nullable: false),
                CreatedAt = table.Column<long>(nullable: false),
                ExpiresAt = table.Column<long>(nullable: false),
                ServerPublicKey = table.Column<byte[]>(nullable: false),
                ServerSecretKey = table.Column<byte[]>(nullable: false),
                AppPublicKey = table.Column<byte[]>(nullable: true),
                ClaimedAt = table.Column<long>(nullable: true),
                WindowStart = table.Column<long>(nullable: true),
                RemainingKeys = table.Column<int>(nullable: false),
                FirstUploadAt = table.Column<long>(nullable: true),
            },
            constraints: table => table.PrimaryKey("PK_KeyClaims", x => x.Id));
        migrationBuilder.CreateIndex("IX_KeyClaims_CodeHash", "KeyClaims", "CodeHash", unique: true);
        migrationBuilder.CreateIndex("IX_KeyClaims_HashId", "KeyClaims", "HashId", unique: true);
        migrationBuilder.CreateIndex("IX_KeyClaims_ServerPublicKey", "KeyClaims", "ServerPublicKey", unique: true);
        migrationBuilder.CreateIndex("IX_KeyClaims_AppPublicKey", "KeyClaims", "AppPublicKey", unique: true);
        migrationBuilder.CreateIndex("IX_KeyClaims_ExpiresAt", "KeyClaims", "ExpiresAt");

        migrationBuilder.CreateTable(
            name: "ClaimFailures",
            columns: table => new
            {
                Client = table.Column<string>(nullable: false),
                Failures = table.Column<int>(nullable: false),
                LastFailureAt = table.Column<long>(nullable: false),
            },
            constraints: table => table.PrimaryKey("PK_ClaimFailures", x => x.Client));
        migrationBuilder.CreateIndex("IX_ClaimFailures_LastFailureAt", "ClaimFailures", "LastFailureAt");

        migrationBuilder.CreateTable(
            name: "DiagnosisKeys",
            columns: table => new
            {
                KeyData = table.Column<byte[]>(nullable: false),
                RollingStartIntervalNumber = table.Column<int>(nullable: false),
                RollingPeriod = table.Column<int>(nullable: false),
                TransmissionRiskLevel = table.Column<int>(nullable: false),
                ReportType = table.Column<int>(nullable: true),
                DaysSinceOnsetOfSymptoms = table.Column<int>(nullable: true),
                HourOfSubmission = table.Column<long>(nullable: false),
                Region = table.Column<string>(nullable: false),
                ApiKeyId = table.Column<Guid>(nullable: false),
            },
            constraints: table => table.PrimaryKey("PK_DiagnosisKeys", x => x.KeyData));
        migrationBuilder.CreateIndex("IX_DiagnosisKeys_Region_HourOfSubmission", "DiagnosisKeys", ["Region", "HourOfSubmission"]);
        migrationBuilder.CreateIndex("IX_DiagnosisKeys_HourOfSubmission", "DiagnosisKeys", "HourOfSubmission");

        migrationBuilder.CreateTable(
            name: "ExposureDailyMetrics",
            columns: table => new
            {
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
            constraints: table => table.PrimaryKey("PK_ExposureDailyMetrics", x => new { x.ApiKeyId, x.Day }));
        migrationBuilder.CreateIndex("IX_ExposureDailyMetrics_Region_Day", "ExposureDailyMetrics", ["Region", "Day"]);
    }

    protected override void Down(MigrationBuilder migrationBuilder)
    {
        foreach (var table in new[] { "ExposureDailyMetrics", "DiagnosisKeys", "ClaimFailures", "KeyClaims" })
        {
            migrationBuilder.DropTable(table);
        }
    }
}
