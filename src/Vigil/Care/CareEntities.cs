using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Vigil.Care;

/// <summary>What a catalogue entry is; written as its name in JSON ("service"), read as a name or its number.</summary>
[System.Text.Json.Serialization.JsonConverter(typeof(CatalogKindJson))]
public enum CatalogKind
{
    Service = 0,
    Intervention = 1,
    Tool = 2,
    Motive = 3,
}

public sealed class CatalogKindJson() : System.Text.Json.Serialization.JsonStringEnumConverter<CatalogKind>(System.Text.Json.JsonNamingPolicy.CamelCase);

/// <summary>A catalogue entry: a service, an intervention (belonging to a service), a tool or a motive.</summary>
public sealed class CatalogItem
{
    public int Id { get; set; }
    public CatalogKind Kind { get; set; }
    public required string Name { get; set; }

    /// <summary>For interventions: the service they belong to.</summary>
    public int? ParentId { get; set; }

    public bool Active { get; set; } = true;
}

public sealed class Patient
{
    public Guid Id { get; set; }
    public required string FirstName { get; set; }
    public required string LastName { get; set; }
    public string? SecondLastName { get; set; }
    public required string Gender { get; set; }
    public string? MaritalStatus { get; set; }
    public string? Phone { get; set; }
    public required string Cellphone { get; set; }
    public DateOnly? BirthDate { get; set; }
    public string? BirthPlace { get; set; }
    public string? Occupation { get; set; }
    public string? Religion { get; set; }
    public string? Address { get; set; }
    public string? Children { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
}

/// <summary>A patient's case file, assigned to one clinician; closed and reopened over time.</summary>
public sealed class CareRecord
{
    public Guid Id { get; set; }
    public Guid PatientId { get; set; }
    public Guid ClinicianId { get; set; }
    public bool Open { get; set; }
    public DateTimeOffset OpenedAt { get; set; }
    public DateTimeOffset? ClosedAt { get; set; }
    public string? Notes { get; set; }

    /// <summary>Sessions written so far, for numbering (1 + previous count) under a row lock.</summary>
    public int SessionCount { get; set; }
}

/// <summary>One session: immutable once written; an admin may void it with a reason.</summary>
public sealed class CareSession
{
    public Guid Id { get; set; }
    public Guid RecordId { get; set; }
    public Guid PatientId { get; set; }

    /// <summary>Who gave it, kept even when the record is later reassigned.</summary>
    public Guid ClinicianId { get; set; }

    public int Number { get; set; }
    public DateTimeOffset Date { get; set; }
    public int ServiceId { get; set; }
    public int InterventionId { get; set; }
    public int ToolId { get; set; }
    public int MotiveId { get; set; }
    public string? Evaluation { get; set; }

    /// <summary>Money: stored as integer cents, never floating point.</summary>
    public long RecoveryFeeCents { get; set; }

    public bool ClosesRecord { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset? VoidedAt { get; set; }
    public string? VoidReason { get; set; }
    public Guid? VoidedBy { get; set; }
}

/// <summary>A clinic staff member's details beside the Vigil staff account that signs in.</summary>
public sealed class ClinicStaff
{
    public Guid Id { get; set; }
    public required string FirstName { get; set; }
    public required string LastName { get; set; }
    public string? SecondLastName { get; set; }
    public required string Cellphone { get; set; }
    public string? Address { get; set; }
    public bool Active { get; set; } = true;
}

internal sealed class CareConfiguration :
    IEntityTypeConfiguration<CatalogItem>, IEntityTypeConfiguration<Patient>, IEntityTypeConfiguration<CareRecord>,
    IEntityTypeConfiguration<CareSession>, IEntityTypeConfiguration<ClinicStaff>
{
    public void Configure(EntityTypeBuilder<CatalogItem> builder)
    {
        builder.ToTable("CareCatalog");
        builder.HasKey(c => c.Id);
        builder.Property(c => c.Id).ValueGeneratedNever();
    }

    public void Configure(EntityTypeBuilder<Patient> builder)
    {
        builder.ToTable("CarePatients");
        builder.HasKey(p => p.Id);
        builder.HasIndex(p => p.Cellphone).IsUnique();
        builder.HasIndex(p => p.LastName);
    }

    public void Configure(EntityTypeBuilder<CareRecord> builder)
    {
        builder.ToTable("CareRecords");
        builder.HasKey(r => r.Id);
        builder.HasIndex(r => new { r.ClinicianId, r.Open });
        builder.HasIndex(r => r.PatientId);
    }

    public void Configure(EntityTypeBuilder<CareSession> builder)
    {
        builder.ToTable("CareSessions");
        builder.HasKey(s => s.Id);
        builder.HasIndex(s => new { s.RecordId, s.Number }).IsUnique();
        builder.HasIndex(s => s.Date);
    }

    public void Configure(EntityTypeBuilder<ClinicStaff> builder)
    {
        builder.ToTable("CareStaff");
        builder.HasKey(s => s.Id);
        builder.Property(s => s.Id).ValueGeneratedNever();
    }
}
