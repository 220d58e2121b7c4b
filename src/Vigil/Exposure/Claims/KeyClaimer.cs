using Microsoft.EntityFrameworkCore;
using Vigil.Exposure.Metrics;
using Vigil.Infrastructure.Database;

namespace Vigil.Exposure.Claims;

/// <summary>Binds an app's public key to the keypair of a live one-time code, once.</summary>
public sealed class KeyClaimer(VigilDb db, OneTimeCodes codes, TimeProvider clock)
{
    public enum Result { Claimed, InvalidCode, KeyAlreadyRegistered }

    public sealed record Outcome(Result Result, byte[]? ServerPublicKey = null);

    public async Task<Outcome> ClaimAsync(string code, byte[] appPublicKey, CancellationToken cancellationToken)
    {
        if (await db.Set<KeyClaim>().AnyAsync(c => c.AppPublicKey == appPublicKey, cancellationToken))
        {
            return new Outcome(Result.KeyAlreadyRegistered);
        }
        var now = clock.GetUtcNow();
        var hash = codes.Hash(code);
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var claim = await db.Set<KeyClaim>().AsNoTracking()
            .SingleOrDefaultAsync(c => c.CodeHash == hash && c.ClaimedAt == null && c.ExpiresAt > now, cancellationToken);
        if (claim is null)
        {
            return new Outcome(Result.InvalidCode);
        }
        DateTimeOffset windowStart = new(claim.CreatedAt.UtcDateTime.Date, TimeSpan.Zero);
        int claimed;
        try
        {
            claimed = await db.Set<KeyClaim>().Where(c => c.Id == claim.Id && c.ClaimedAt == null)
                .ExecuteUpdateAsync(s => s
                    .SetProperty(c => c.ClaimedAt, now)
                    .SetProperty(c => c.AppPublicKey, appPublicKey)
                    .SetProperty(c => c.WindowStart, windowStart), cancellationToken);
        }
        catch (DbUpdateException)
        {
            return new Outcome(Result.KeyAlreadyRegistered);
        }
        if (claimed == 0)
        {
            return new Outcome(Result.InvalidCode);
        }
        var delay = (long)(now - claim.CreatedAt).TotalSeconds;
        await db.RecordMetricsAsync(claim.ApiKeyId, claim.Region, ExposureMetrics.DayOf(now), new ExposureMetrics.Delta(CodesClaimed: 1, ClaimDelaySeconds: delay), cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return new Outcome(Result.Claimed, claim.ServerPublicKey);
    }
}
