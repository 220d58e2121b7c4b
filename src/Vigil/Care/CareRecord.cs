namespace Vigil.Care;

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
