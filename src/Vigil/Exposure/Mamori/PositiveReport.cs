namespace Vigil.Exposure.Mamori;

/// <summary>
/// An app user's positive report: its temporary IDs and the health-center token that vouches for it.
/// Published only after the token is validated; the token is erased once decided.
/// </summary>
public sealed class PositiveReport
{
    public Guid Id { get; set; }
    public Guid UserId { get; set; }
    public required string RandomId { get; set; }
    public string? HealthCenterToken { get; set; }
    public PositiveReportStatus Status { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset? DecidedAt { get; set; }

    /// <summary>A validating node holds the report until then, so two nodes never judge it at once.</summary>
    public DateTimeOffset? LeaseUntil { get; set; }

    public List<PositiveTempId> TempIds { get; set; } = [];
}
