namespace Vigil.Outbreaks;

/// <summary>A venue's outbreak: its location id and exposure window, as a health authority reported it.</summary>
public sealed class OutbreakEvent
{
    public Guid Id { get; set; }
    public required string LocationId { get; set; }
    public DateTimeOffset StartTime { get; set; }
    public DateTimeOffset EndTime { get; set; }
    public int Severity { get; set; }
    public required string Region { get; set; }

    /// <summary>The API key that submitted it.</summary>
    public Guid ApiKeyId { get; set; }

    /// <summary>When the server received it: decides which day's export lists it.</summary>
    public DateTimeOffset CreatedAt { get; set; }

    public DateTimeOffset? WithdrawnAt { get; set; }
    public string? WithdrawnReason { get; set; }
}
