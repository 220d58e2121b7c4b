namespace Vigil.Contacts;

/// <summary>A pending request from one user to another; removed when accepted.</summary>
public sealed class ContactRequest
{
    public Guid Id { get; set; }
    public required string FromUserId { get; set; }
    public required string ToUserId { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
}
