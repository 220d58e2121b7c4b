namespace Vigil.Outbreaks;

/// <summary>Who changed an event, when, and what.</summary>
public sealed class OutbreakEventAudit
{
    public long Id { get; set; }
    public Guid EventId { get; set; }
    public required string Actor { get; set; }
    public required string Action { get; set; }
    public required string Details { get; set; }
    public DateTimeOffset At { get; set; }
}
