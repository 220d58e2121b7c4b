using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Vigil.Exposure.Claims;
using Vigil.Exposure.Metrics;
using Vigil.Exposure.Upload;
using Vigil.Infrastructure;
using Vigil.Infrastructure.Database;

namespace Vigil.Exposure.Jobs;

/// <summary>
/// Deletes what the key server no longer needs: keys submitted before 00:00 UTC of today−15,
/// unclaimed codes past their lifetime (counted as expired in the metrics), claimed keypairs 15 days
/// after their window opened, exhausted keypairs, and ban records older than the ban window.
/// Every statement is a plain conditional DELETE, so several nodes may run it at once.
/// </summary>
public sealed class ExposureRetention(VigilDb db, DiagnosisKeyStore keyStore, IOptions<ExposureOptions> options, TimeProvider clock)
{
    public sealed record Deleted(int Keys, int ExpiredCodes, int FinishedKeypairs, int BanRecords);

    public async Task<Deleted> RunAsync(CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var today = UnixDay.Of(now).Number;
        var keys = await keyStore.DeleteSubmittedBeforeAsync(new UnixDay(today).AddDays(-UnixDay.UploadWindowDays), cancellationToken);

        var expired = await db.Set<KeyClaim>().AsNoTracking()
            .Where(c => c.ClaimedAt == null && c.ExpiresAt <= now)
            .Select(c => new { c.Id, c.ApiKeyId, c.Region, c.ExpiresAt }).ToListAsync(cancellationToken);
        var expiredCodes = 0;
        foreach (var code in expired)
        {
            await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
            // Only the node that actually deletes the row counts it.
            if (await db.Set<KeyClaim>().Where(c => c.Id == code.Id && c.ClaimedAt == null).ExecuteDeleteAsync(cancellationToken) == 1)
            {
                db.RecordMetrics(code.ApiKeyId, code.Region, ExposureMetrics.DayOf(code.ExpiresAt), c => c.CodesExpired = 1);
                await db.SaveChangesAsync(cancellationToken);
                expiredCodes++;
            }
            await transaction.CommitAsync(cancellationToken);
        }

        var windowClosed = now - KeyUploader.UploadWindow;
        var finished = await db.Set<KeyClaim>()
            .Where(c => c.ClaimedAt != null && (c.WindowStart <= windowClosed || c.RemainingKeys <= 0))
            .ExecuteDeleteAsync(cancellationToken);

        var banExpired = now - options.Value.BanWindow;
        var bans = await db.Set<ClaimFailure>().Where(f => f.LastFailureAt <= banExpired).ExecuteDeleteAsync(cancellationToken);
        return new Deleted(keys, expiredCodes, finished, bans);
    }
}
