namespace Vigil.Identity.Tokens;

/// <summary>A chain of refresh tokens from one sign-in. Presenting a used member revokes the chain.</summary>
public sealed class RefreshFamily
{
    public Guid Id { get; set; }
    public required string SubjectKind { get; set; }
    public Guid SubjectId { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset? RevokedAt { get; set; }
}
