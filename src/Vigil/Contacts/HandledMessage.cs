namespace Vigil.Contacts;

/// <summary>A command message already handled, with what it produced, so a redelivery repeats the output but not the work.</summary>
public sealed class HandledMessage
{
    public required string Id { get; set; }
    public required string Outputs { get; set; }
    public DateTimeOffset HandledAt { get; set; }
}
