using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

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

/// <summary>Ending sign-ins from outside the refresh flow.</summary>
public static class RefreshFamilies
{
    /// <summary>
    /// Ends every sign-in of a subject (after a password change, say): their refresh tokens stop working;
    /// access tokens already issued run out within their lifetime. Joins the caller's transaction, if any.
    /// </summary>
    public static Task<int> RevokeAllAsync(DbContext db, string subjectKind, Guid subjectId, DateTimeOffset now, CancellationToken ct) =>
        db.Set<RefreshFamily>()
            .Where(f => f.SubjectKind == subjectKind && f.SubjectId == subjectId && f.RevokedAt == null)
            .ExecuteUpdateAsync(s => s.SetProperty(f => f.RevokedAt, now), ct);
}

/// <summary>One issued refresh token, keyed by the SHA-256 of its <c>jti</c>.</summary>
public sealed class RefreshToken
{
    public required string Id { get; set; }
    public Guid FamilyId { get; set; }
    public DateTimeOffset ExpiresAt { get; set; }
    public DateTimeOffset? UsedAt { get; set; }
}

internal sealed class RefreshFamilyConfiguration : IEntityTypeConfiguration<RefreshFamily>
{
    public void Configure(EntityTypeBuilder<RefreshFamily> builder)
    {
        builder.ToTable("RefreshFamilies");
        builder.HasKey(f => f.Id);
        builder.HasIndex(f => new { f.SubjectKind, f.SubjectId });
    }
}

internal sealed class RefreshTokenConfiguration : IEntityTypeConfiguration<RefreshToken>
{
    public void Configure(EntityTypeBuilder<RefreshToken> builder)
    {
        builder.ToTable("RefreshTokens");
        builder.HasKey(t => t.Id);
        builder.HasIndex(t => t.FamilyId);
        builder.HasIndex(t => t.ExpiresAt);
        builder.HasOne<RefreshFamily>().WithMany().HasForeignKey(t => t.FamilyId).OnDelete(DeleteBehavior.Cascade);
    }
}
