using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace Vigil.Infrastructure.Database.Migrations;

/// <summary>Clinic case management: catalogues (seeded), staff details, patients, records and sessions.</summary>
[DbContext(typeof(VigilDb))]
[Migration("20261123000007_Care")]
public sealed class M0007_Care : Migration
{
    /// <summary>
    /// The catalogue as this migration first wrote it, frozen here: a migration is history, so a later change to
    /// the live seed (CatalogSeed) must not change what it does.
    /// </summary>
    private static readonly (int Id, int Kind, string Name, int? ParentId)[] Catalog =
    [
        (1, 0, "Acompañamiento", null), (2, 0, "Holísticos", null), (3, 0, "Alternativas", null), (10, 1, "Tanatología", 1),
        (11, 1, "Acompañamiento Individual", 1), (12, 1, "Acompañamiento Grupal", 1), (13, 1, "Logoterapia", 1), (14, 1, "Mindfulness", 1),
        (20, 1, "Aromaterapia y Musicoterapia", 2), (21, 1, "Cristaloterapia", 2), (22, 1, "Reiki", 2), (23, 1, "Biomagnetismo", 2),
        (24, 1, "Angeloterapia", 2), (25, 1, "Cama térmica de Jade", 2), (30, 1, "Flores de Bach", 3), (31, 1, "Brisas Ambientales", 3),
        (100, 2, "Contención", null), (101, 2, "Diálogo", null), (102, 2, "Ejercicio", null), (103, 2, "Encuadre", null),
        (104, 2, "Infografía", null), (105, 2, "Dinámica", null), (106, 2, "Lectura", null), (107, 2, "Meditación", null),
        (108, 2, "Video", null), (109, 2, "Otro", null), (200, 3, "Duelo", null), (201, 3, "Duelo Grupal", null),
        (202, 3, "Divorcio", null), (203, 3, "Viudez", null), (204, 3, "Intento de suicidio", null), (205, 3, "Abuso", null),
        (206, 3, "Otro", null),
    ];

    protected override void Up(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.CreateTable(
            name: "CareCatalog",
            columns: table => new
            {
                Id = table.Column<int>(nullable: false),
                Kind = table.Column<int>(nullable: false),
                Name = table.Column<string>(nullable: false),
                ParentId = table.Column<int>(nullable: true),
                Active = table.Column<bool>(nullable: false),
            },
            constraints: table => table.PrimaryKey("PK_CareCatalog", x => x.Id));
        // Hand-written migrations have no target model, so the seed names its column types per provider.
        string[] types = ActiveProvider?.Contains("Sqlite", StringComparison.Ordinal) == true
            ? ["INTEGER", "INTEGER", "TEXT", "INTEGER", "INTEGER"]
            : ["integer", "integer", "text", "integer", "boolean"];
        foreach (var (id, kind, name, parentId) in Catalog)
        {
            migrationBuilder.InsertData("CareCatalog", ["Id", "Kind", "Name", "ParentId", "Active"], types, [id, kind, name, parentId, true]);
        }

        migrationBuilder.CreateTable(
            name: "CareStaff",
            columns: table => new
            {
                Id = table.Column<Guid>(nullable: false),
                FirstName = table.Column<string>(nullable: false),
                LastName = table.Column<string>(nullable: false),
                SecondLastName = table.Column<string>(nullable: true),
                Cellphone = table.Column<string>(nullable: false),
                Address = table.Column<string>(nullable: true),
                Active = table.Column<bool>(nullable: false),
            },
            constraints: table => table.PrimaryKey("PK_CareStaff", x => x.Id));

        migrationBuilder.CreateTable(
            name: "CarePatients",
            columns: table => new
            {
                Id = table.Column<Guid>(nullable: false),
                FirstName = table.Column<string>(nullable: false),
                LastName = table.Column<string>(nullable: false),
                SecondLastName = table.Column<string>(nullable: true),
                Gender = table.Column<string>(nullable: false),
                MaritalStatus = table.Column<string>(nullable: true),
                Phone = table.Column<string>(nullable: true),
                Cellphone = table.Column<string>(nullable: false),
                BirthDate = table.Column<DateOnly>(nullable: true),
                BirthPlace = table.Column<string>(nullable: true),
                Occupation = table.Column<string>(nullable: true),
                Religion = table.Column<string>(nullable: true),
                Address = table.Column<string>(nullable: true),
                Children = table.Column<string>(nullable: true),
                CreatedAt = table.Column<long>(nullable: false),
            },
            constraints: table => table.PrimaryKey("PK_CarePatients", x => x.Id));
        migrationBuilder.CreateIndex("IX_CarePatients_Cellphone", "CarePatients", "Cellphone", unique: true);
        migrationBuilder.CreateIndex("IX_CarePatients_LastName", "CarePatients", "LastName");

        migrationBuilder.CreateTable(
            name: "CareRecords",
            columns: table => new
            {
                Id = table.Column<Guid>(nullable: false),
                PatientId = table.Column<Guid>(nullable: false),
                ClinicianId = table.Column<Guid>(nullable: false),
                Open = table.Column<bool>(nullable: false),
                OpenedAt = table.Column<long>(nullable: false),
                ClosedAt = table.Column<long>(nullable: true),
                Notes = table.Column<string>(nullable: true),
                SessionCount = table.Column<int>(nullable: false),
            },
            constraints: table => table.PrimaryKey("PK_CareRecords", x => x.Id));
        migrationBuilder.CreateIndex("IX_CareRecords_ClinicianId_Open", "CareRecords", ["ClinicianId", "Open"]);
        migrationBuilder.CreateIndex("IX_CareRecords_PatientId", "CareRecords", "PatientId");

        migrationBuilder.CreateTable(
            name: "CareSessions",
            columns: table => new
            {
                Id = table.Column<Guid>(nullable: false),
                RecordId = table.Column<Guid>(nullable: false),
                PatientId = table.Column<Guid>(nullable: false),
                ClinicianId = table.Column<Guid>(nullable: false),
                Number = table.Column<int>(nullable: false),
                Date = table.Column<long>(nullable: false),
                ServiceId = table.Column<int>(nullable: false),
                InterventionId = table.Column<int>(nullable: false),
                ToolId = table.Column<int>(nullable: false),
                MotiveId = table.Column<int>(nullable: false),
                Evaluation = table.Column<string>(nullable: true),
                RecoveryFeeCents = table.Column<long>(nullable: false),
                ClosesRecord = table.Column<bool>(nullable: false),
                CreatedAt = table.Column<long>(nullable: false),
                VoidedAt = table.Column<long>(nullable: true),
                VoidReason = table.Column<string>(nullable: true),
                VoidedBy = table.Column<Guid>(nullable: true),
            },
            constraints: table => table.PrimaryKey("PK_CareSessions", x => x.Id));
        migrationBuilder.CreateIndex("IX_CareSessions_RecordId_Number", "CareSessions", ["RecordId", "Number"], unique: true);
        migrationBuilder.CreateIndex("IX_CareSessions_Date", "CareSessions", "Date");
    }

    protected override void Down(MigrationBuilder migrationBuilder)
    {
        foreach (var table in new[] { "CareSessions", "CareRecords", "CarePatients", "CareStaff", "CareCatalog" })
        {
            migrationBuilder.DropTable(table);
        }
    }
}
