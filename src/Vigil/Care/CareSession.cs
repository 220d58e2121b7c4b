namespace Vigil.Care;

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
