using Microsoft.EntityFrameworkCore;
using Vigil.Exposure.Claims;
using Vigil.Exposure.Metrics;
using Vigil.Infrastructure.Database;

namespace Vigil.Exposure.Mamori;

/// <summary>A token is valid iff it is a live, unclaimed one-time code issued by Vigil; validating consumes it.</summary>
public sealed class OneTimeCodeTokenValidator(VigilDb db, OneTimeCodes codes, TimeProvider clock) : IHealthCenterTokenValidator
{
    public async Task<TokenVerdict> ValidateAsync(string token, CancellationToken cancellationToken)
    {
        var hash = codes.Hash(token);
        var now = clock.GetUtcNow();
        var code = await db.Set<KeyClaim>().AsNoTracking()
            .SingleOrDefaultAsync(c => c.CodeHash == hash && c.ClaimedAt == null && c.ExpiresAt > now, cancellationToken);
        if (code is null)
        {
            return TokenVerdict.Invalid;
        }
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        // Consumed: claimed without an app key and with no budget, so it can never be used to upload.
        var consumed = await db.Set<KeyClaim>().Where(c => c.Id == code.Id && c.ClaimedAt == null)
            .ExecuteUpdateAsync(s => s.SetProperty(c => c.ClaimedAt, now).SetProperty(c => c.RemainingKeys, 0), cancellationToken);
        if (consumed == 1)
        {
            db.RecordMetrics(code.ApiKeyId, code.Region, ExposureMetrics.DayOf(now), c => c.CodesClaimed = 1);
            await db.SaveChangesAsync(cancellationToken);
        }
        await transaction.CommitAsync(cancellationToken);
        return consumed == 1 ? TokenVerdict.Valid : TokenVerdict.Invalid;
    }
}
