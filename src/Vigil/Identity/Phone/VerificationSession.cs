namespace Vigil.Identity.Phone;

/// <summary>One <c>/init</c> request awaiting its SMS code. Only hashes of the session token, code and phone are kept.</summary>
public sealed class VerificationSession
{
    /// <summary>SHA-256 of the opaque session token handed to the client.</summary>
    public required string Id { get; set; }
    public required string CodeHash { get; set; }
    public required string PhoneHash { get; set; }
    public int Attempts { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset ExpiresAt { get; set; }
    public DateTimeOffset? VerifiedAt { get; set; }
}
