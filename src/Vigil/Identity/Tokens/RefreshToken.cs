namespace Vigil.Identity.Tokens;

/// <summary>One issued refresh token, keyed by the SHA-256 of its <c>jti</c>.</summary>
public sealed class RefreshToken
{
    public required string Id { get; set; }
    public Guid FamilyId { get; set; }
    public DateTimeOffset ExpiresAt { get; set; }
    public DateTimeOffset? UsedAt { get; set; }
}
