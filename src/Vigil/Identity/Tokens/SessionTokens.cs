using Vigil.Infrastructure.Observability;
using System.Security.Cryptography;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Vigil.Infrastructure.Database;

namespace Vigil.Identity.Tokens;

/// <summary>
/// Issues token pairs and rotates refresh tokens. Each refresh token may be used once; using one
/// again revokes its whole family, so a stolen token dies the moment either party uses it twice.
/// </summary>
public sealed class SessionTokens(
    VigilDb db,
    TokenIssuer issuer,
    TokenValidator validator,
    TokenSubjects subjects,
    IOptions<TokenOptions> options,
    TimeProvider clock)
{
    /// <summary>Starts a new refresh family. Rows are added to the context; the caller saves them.</summary>
    public TokenPair Start(TokenSubject subject)
    {
        var family = new RefreshFamily
        {
            Id = Guid.NewGuid(),
            SubjectKind = subject.Kind,
            SubjectId = subject.Id,
            CreatedAt = clock.GetUtcNow(),
        };
        db.Add(family);
        return Continue(subject, family.Id);
    }

    /// <summary>Exchanges a refresh token for a new pair; null when it is invalid, used, revoked or its subject is gone.</summary>
    public async Task<TokenPair?> RefreshAsync(string refreshToken, CancellationToken cancellationToken)
    {
        var token = await validator.ValidateRefreshTokenAsync(refreshToken);
        if (token is null
            || !token.TryGetPayloadValue<string>(TokenIssuer.FamilyClaim, out var familyClaim)
            || !Guid.TryParse(familyClaim, out var familyId))
        {
            return null;
        }
        var id = HashJti(token.Id);
        var now = clock.GetUtcNow();
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var claimed = await db.Set<RefreshToken>()
            .Where(t => t.Id == id && t.UsedAt == null)
            .ExecuteUpdateAsync(s => s.SetProperty(t => t.UsedAt, now), cancellationToken);
        if (claimed == 0)
        {
            VigilMetrics.RefreshReuse.Add(1);
            await db.Set<RefreshFamily>()
                .Where(f => f.Id == familyId && f.RevokedAt == null)
                .ExecuteUpdateAsync(s => s.SetProperty(f => f.RevokedAt, now), cancellationToken);
            await transaction.CommitAsync(cancellationToken);
            return null;
        }
        var family = await db.Set<RefreshFamily>().AsNoTracking().SingleOrDefaultAsync(f => f.Id == familyId, cancellationToken);
        if (family is null || family.RevokedAt is not null)
        {
            return null;
        }
        var subject = await subjects.FindAsync(family.SubjectKind, family.SubjectId, cancellationToken);
        if (subject is null)
        {
            return null;
        }
        var pair = Continue(subject, familyId);
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return pair;
    }

    private TokenPair Continue(TokenSubject subject, Guid familyId)
    {
        var jti = Guid.NewGuid().ToString("N");
        var expiresAt = clock.GetUtcNow() + options.Value.RefreshTokenLifetime;
        db.Add(new RefreshToken { Id = HashJti(jti), FamilyId = familyId, ExpiresAt = expiresAt });
        return new TokenPair(issuer.CreateAccessToken(subject), issuer.CreateRefreshToken(subject, familyId, jti, expiresAt));
    }

    private static string HashJti(string jti) => Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(jti)));
}
