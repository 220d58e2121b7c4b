using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace Vigil.Infrastructure.Database.Migrations;

/// <summary>Handler keys for the broker, and the contacts handlers' requests, contacts and handled messages.</summary>
[DbContext(typeof(VigilDb))]
[Migration("20261124000008_Broker")]
public sealed class M0008_Broker : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.CreateTable(
            name: "HandlerKeys",
            columns: table => new
            {
                Id = table.Column<Guid>(nullable: false),
                Name = table.Column<string>(nullable: false),
                Prefix = table.Column<string>(nullable: false),
                Hash = table.Column<string>(nullable: false),
                CreatedAt = table.Column<long>(nullable: false),
                RevokedAt = table.Column<long>(nullable: true),
            },
            constraints: table => table.PrimaryKey("PK_HandlerKeys", x => x.Id));
        migrationBuilder.CreateIndex("IX_HandlerKeys_Hash", "HandlerKeys", "Hash", unique: true);

        migrationBuilder.CreateTable(
            name: "ContactRequests",
            columns: table => new
            {
                Id = table.Column<Guid>(nullable: false),
                FromUserId = table.Column<string>(nullable: false),
                ToUserId = table.Column<string>(nullable: false),
                CreatedAt = table.Column<long>(nullable: false),
            },
            constraints: table => table.PrimaryKey("PK_ContactRequests", x => x.Id));
        migrationBuilder.CreateIndex("IX_ContactRequests_FromUserId_ToUserId", "ContactRequests", ["FromUserId", "ToUserId"], unique: true);
        migrationBuilder.CreateIndex("IX_ContactRequests_ToUserId", "ContactRequests", "ToUserId");

        migrationBuilder.CreateTable(
            name: "Contacts",
            columns: table => new
            {
                UserId = table.Column<string>(nullable: false),
                ContactUserId = table.Column<string>(nullable: false),
                Since = table.Column<long>(nullable: false),
            },
            constraints: table => table.PrimaryKey("PK_Contacts", x => new { x.UserId, x.ContactUserId }));

        migrationBuilder.CreateTable(
            name: "HandledMessages",
            columns: table => new
            {
                Id = table.Column<string>(nullable: false),
                Outputs = table.Column<string>(nullable: false),
                HandledAt = table.Column<long>(nullable: false),
            },
            constraints: table => table.PrimaryKey("PK_HandledMessages", x => x.Id));
        migrationBuilder.CreateIndex("IX_HandledMessages_HandledAt", "HandledMessages", "HandledAt");
    }

    protected override void Down(MigrationBuilder migrationBuilder)
    {
        foreach (var table in new[] { "HandledMessages", "Contacts", "ContactRequests", "HandlerKeys" })
        {
            migrationBuilder.DropTable(table);
        }
    }
}
