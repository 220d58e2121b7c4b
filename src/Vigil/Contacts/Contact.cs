namespace Vigil.Contacts;

/// <summary>One direction of a contact: stored twice per accepted request.</summary>
public sealed class Contact
{
    public required string UserId { get; set; }
    public required string ContactUserId { get; set; }
    public DateTimeOffset Since { get; set; }
}
