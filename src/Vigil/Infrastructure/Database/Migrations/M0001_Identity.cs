using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace Vigil.Infrastructure.Database.Migrations;

/// <summary>App users, phone verification sessions, staff accounts, API keys and refresh tokens.</summary>
[DbContext(typeof(VigilDb))]
[Migration("20261123000001_Identity")]
public sealed class M0001_Identity : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.CreateTable(
            name: "AppUsers",
            columns: table => new
            {
                Id = table.Column<Guid>(nullable: false),
                Prefecture = table.Column<int>(nullable: true),
                PhoneHash = table.Column<string>(nullable: true),
                CreatedAt = table.Column<long>(nullable: false),
            },
            constraints: table => table.PrimaryKey("PK_AppUsers", x => x.Id));
        migrationBuilder.CreateIndex("IX_AppUsers_PhoneHash", "AppUsers", "PhoneHash", unique: true);

        migrationBuilder.CreateTable(
            name: "VerificationSessions",
            columns: table => new
            {
                Id = table.Column<string>(nullable: false),
                CodeHash = table.Column<string>(nullable: false),
                PhoneHash = table.Column<string>(nullable: false),
                Attempts = table.Column<int>(nullable: false),
                CreatedAt = table.Column<long>(nullable: false),
                ExpiresAt = table.Column<long>(nullable: false),
                VerifiedAt = table.Column<long>(nullable: true),
            },
            constraints: table => table.PrimaryKey("PK_VerificationSessions", x => x.Id));
        migrationBuilder.CreateIndex("IX_VerificationSessions_PhoneHash_CreatedAt", "VerificationSessions", ["PhoneHash", "CreatedAt"]);
        migrationBuilder.CreateIndex("IX_VerificationSessions_ExpiresAt", "VerificationSessions", "ExpiresAt");

        migrationBuilder.CreateTable(
            name: "StaffAccounts",
            columns: table => new
            {
                Id = table.Column<Guid>(nullable: false),
                Email = table.Column<string>(nullable: false),
                PasswordHash = table.Column<string>(nullable: false),
                Roles = table.Column<string>(nullable: false),
                Region = table.Column<string>(nullable: true),
                FailedLogins = table.Column<int>(nullable: false),
                LockedUntil = table.Column<long>(nullable: true),
                CreatedAt = table.Column<long>(nullable: false),
                DisabledAt = table.Column<long>(nullable: true),
            },
            constraints: table => table.PrimaryKey("PK_StaffAccounts", x => x.Id));
        migrationBuilder.CreateIndex("IX_StaffAccounts_Email", "StaffAccounts", "Email", unique: true);

        migrationBuilder.CreateTable(
            name: "ApiKeys",
            columns: table => new
            {
                Id = table.Column<Guid>(nullable: false),
                Name = table.Column<string>(nullable: false),
                Region = table.Column<string>(nullable: false),
                Prefix = table.Column<string>(nullable: false),
                Hash = table.Column<string>(nullable: false),
                CreatedAt = table.Column<long>(nullable: false),
                RevokedAt = table.Column<long>(nullable: true),
            },
            constraints: table => table.PrimaryKey("PK_ApiKeys", x => x.Id));
        migrationBuilder.CreateIndex("IX_ApiKeys_Hash", "ApiKeys", "Hash", unique: true);

        migrationBuilder.CreateTable(
            name: "RefreshFamilies",
            columns: table => new
            {
                Id = table.Column<Guid>(nullable: false),
                SubjectKind = table.Column<string>(nullable: false),
                SubjectId = table.Column<Guid>(nullable: false),
                CreatedAt = table.Column<long>(nullable: false),
                RevokedAt = table.Column<long>(nullable: true),
            },
            constraints: table => table.PrimaryKey("PK_RefreshFamilies", x => x.Id));
        migrationBuilder.CreateIndex("IX_RefreshFamilies_SubjectKind_SubjectId", "RefreshFamilies", ["SubjectKind", "SubjectId"]);

        migrationBuilder.CreateTable(
            name: "RefreshTokens",
            columns: table => new
            {
                Id = table.Column<string>(nullable: false),
                FamilyId = table.Column<Guid>(nullable: false),
                ExpiresAt = table.Column<long>(nullable: false),
                UsedAt = table.Column<long>(nullable: true),
            },
            constraints: table =>
            {
                table.PrimaryKey("PK_RefreshTokens", x => x.Id);
                table.ForeignKey("FK_RefreshTokens_RefreshFamilies_FamilyId", x => x.FamilyId,
                    "RefreshFamilies", "Id", onDelete: ReferentialAction.Cascade);
            });
        migrationBuilder.CreateIndex("IX_RefreshTokens_FamilyId", "RefreshTokens", "FamilyId");
        migrationBuilder.CreateIndex("IX_RefreshTokens_ExpiresAt", "RefreshTokens", "ExpiresAt");
    }

    protected override void Down(MigrationBuilder migrationBuilder)
    {
        foreach (var table in new[] { "RefreshTokens", "RefreshFamilies", "ApiKeys", "StaffAccounts", "VerificationSessions", "AppUsers" })
        {
            migrationBuilder.DropTable(table);
        }
    }
}
