using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

namespace Vigil.Infrastructure.Database.Migrations;

/// <summary>Prefectures, the admin audit trail, set-password tokens and the admins' access lists.</summary>
[DbContext(typeof(VigilDb))]
[Migration("20261123000006_Regions")]
public sealed class M0006_Regions : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.AddColumn<string>("AccessControl", "StaffAccounts", nullable: true);

        migrationBuilder.CreateTable(
            name: "SetPasswordTokens",
            columns: table => new
            {
                Id = table.Column<string>(nullable: false),
                StaffId = table.Column<Guid>(nullable: false),
                ExpiresAt = table.Column<long>(nullable: false),
                UsedAt = table.Column<long>(nullable: true),
            },
            constraints: table => table.PrimaryKey("PK_SetPasswordTokens", x => x.Id));
        migrationBuilder.CreateIndex("IX_SetPasswordTokens_StaffId", "SetPasswordTokens", "StaffId");

        migrationBuilder.CreateTable(
            name: "Prefectures",
            columns: table => new
            {
                Id = table.Column<int>(nullable: false),
                Message = table.Column<string>(nullable: false),
                AccessControl = table.Column<string>(nullable: false),
                CreatedAt = table.Column<long>(nullable: false),
                UpdatedAt = table.Column<long>(nullable: false),
            },
            constraints: table => table.PrimaryKey("PK_Prefectures", x => x.Id));

        migrationBuilder.CreateTable(
            name: "AdminAudit",
            columns: table => new
            {
                Id = table.Column<long>(nullable: false)
                    .Annotation("Sqlite:Autoincrement", true)
                    .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                Actor = table.Column<string>(nullable: false),
                Action = table.Column<string>(nullable: false),
                Target = table.Column<string>(nullable: false),
                Before = table.Column<string>(nullable: true),
                After = table.Column<string>(nullable: true),
                At = table.Column<long>(nullable: false),
            },
            constraints: table => table.PrimaryKey("PK_AdminAudit", x => x.Id));
        migrationBuilder.CreateIndex("IX_AdminAudit_At", "AdminAudit", "At");
    }

    protected override void Down(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.DropTable("AdminAudit");
        migrationBuilder.DropTable("Prefectures");
        migrationBuilder.DropTable("SetPasswordTokens");
        migrationBuilder.DropColumn("AccessControl", "StaffAccounts");
    }
}
