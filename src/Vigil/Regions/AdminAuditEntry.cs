namespace Vigil.Regions;

/// <summary>One administrative action: who, when, what, and the state before and after.</summary>
public sealed class AdminAuditEntry
{
    public long Id { get; set; }
    public required string Actor { get; set; }
    public required string Action { get; set; }
    public required string Target { get; set; }
    public string? Before { get; set; }
    public string? After { get; set; }
    public DateTimeOffset At { get; set; }
}
