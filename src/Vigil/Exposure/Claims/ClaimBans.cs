using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Vigil.Infrastructure.Database;

namespace Vigil.Exposure.Claims;

/// <summary>
/// Counts failed claims per client. A client with <c>MaxClaimFailures</c> failures, each within the
/// ban window of the one before, is banned until the window has passed since its last failure.
/// </summary>
public sealed class ClaimBans(VigilDb db, IOptions<ExposureOptions> options, TimeProvider clock)
{
    public sealed record Standing(int TriesRemaining, TimeSpan BanRemaining)
    {
        public bool Banned => BanRemaining > TimeSpan.Zero;
    }

    public async Task<Standing> GetAsync(string client, CancellationToken cancellationToken)
    {
        var failure = await db.Set<ClaimFailure>().AsNoTracking().SingleOrDefaultAsync(f => f.Client == client, cancellationToken);
        return StandingOf(failure?.Failures ?? 0, failure?.LastFailureAt);
    }

    public async Task<Standing> RecordFailureAsync(string client, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var stale = (now - options.Value.BanWindow).ToUnixTimeMilliseconds();
        var nowMs = now.ToUnixTimeMilliseconds();
        await db.Database.ExecuteSqlInterpolatedAsync($"""
            INSERT INTO "ClaimFailures" ("Client", "Failures", "LastFailureAt") VALUES ({client}, 1, {nowMs})
            ON CONFLICT ("Client") DO UPDATE SET
                "Failures" = CASE WHEN "ClaimFailures"."LastFailureAt" < {stale} THEN 1 ELSE "ClaimFailures"."Failures" + 1 END,
                "LastFailureAt" = {nowMs}
            """, cancellationToken);
        return await GetAsync(client, cancellationToken);
    }

    public Task ResetAsync(string client, CancellationToken cancellationToken) =>
        db.Set<ClaimFailure>().Where(f => f.Client == client).ExecuteDeleteAsync(cancellationToken);

    private Standing StandingOf(int failures, DateTimeOffset? lastFailure)
    {
        var settings = options.Value;
        var now = clock.GetUtcNow();
        if (lastFailure is null || lastFailure + settings.BanWindow <= now)
        {
            return new Standing(settings.MaxClaimFailures, TimeSpan.Zero);
        }
        var remaining = Math.Max(0, settings.MaxClaimFailures - failures);
        return new Standing(remaining, remaining == 0 ? lastFailure.Value + settings.BanWindow - now : TimeSpan.Zero);
    }
}
