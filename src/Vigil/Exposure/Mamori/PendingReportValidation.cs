using Microsoft.EntityFrameworkCore;
using Vigil.Infrastructure.Database;

namespace Vigil.Exposure.Mamori;

/// <summary>
/// Judges pending reports: each is leased first (a conditional update), so with several nodes only
/// one validates a given report; the verdict publishes or rejects it and erases its token.
/// </summary>
public sealed class PendingReportValidation(VigilDb db, IHealthCenterTokenValidator validator, PositivesFeed feed, TimeProvider clock)
{
    private static readonly TimeSpan Lease = TimeSpan.FromMinutes(2);

    public sealed record Outcome(int Published, int Rejected, int Deferred);

    public async Task<Outcome> RunAsync(CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var pending = await db.Set<PositiveReport>().AsNoTracking()
            .Where(r => r.Status == PositiveReportStatus.Pending && (r.LeaseUntil == null || r.LeaseUntil < now))
            .OrderBy(r => r.CreatedAt).Select(r => new { r.Id, r.HealthCenterToken }).Take(200).ToListAsync(cancellationToken);
        int published = 0, rejected = 0, deferred = 0;
        foreach (var report in pending)
        {
            DateTimeOffset? leaseUntil = now + Lease;
            var leased = await db.Set<PositiveReport>()
                .Where(r => r.Id == report.Id && r.Status == PositiveReportStatus.Pending && (r.LeaseUntil == null || r.LeaseUntil < now))
                .ExecuteUpdateAsync(s => s.SetProperty(r => r.LeaseUntil, leaseUntil), cancellationToken);
            if (leased == 0)
            {
                continue;
            }
            var verdict = await validator.ValidateAsync(report.HealthCenterToken ?? "", cancellationToken);
            if (verdict == TokenVerdict.Unavailable)
            {
                deferred++;
                continue;
            }
            var status = verdict == TokenVerdict.Valid ? PositiveReportStatus.Published : PositiveReportStatus.Rejected;
            DateTimeOffset? decidedAt = clock.GetUtcNow();
            await db.Set<PositiveReport>().Where(r => r.Id == report.Id && r.Status == PositiveReportStatus.Pending)
                .ExecuteUpdateAsync(s => s
                    .SetProperty(r => r.Status, status)
                    .SetProperty(r => r.HealthCenterToken, (string?)null)
                    .SetProperty(r => r.DecidedAt, decidedAt), cancellationToken);
            if (status == PositiveReportStatus.Published)
            {
                published++;
            }
            else
            {
                rejected++;
            }
        }
        if (published > 0)
        {
            feed.MarkStale();
        }
        return new Outcome(published, rejected, deferred);
    }
}
