using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Vigil.Identity.Auth;
using Vigil.Infrastructure.Validation;
using Vigil.Infrastructure.Database;

namespace Vigil.Exposure.Metrics;

/// <summary>Daily counters per issuer (API key or staff member), folded and not-yet-folded events together.</summary>
public sealed class ExposureDailyReport(VigilDb db)
{
    public sealed record DailyMetrics(
        string Date, Guid ApiKeyId, string Region, int CodesGenerated, int CodesClaimed, int CodesExpired,
        int KeysUploaded, int FirstUploads, double? MeanSecondsToClaim);

    public const int MaxDays = 366;

    /// <summary>The rows from <paramref name="from"/> to <paramref name="to"/> inclusive, of the regions in <paramref name="scope"/>.</summary>
    public async Task<List<DailyMetrics>> GetAsync(RegionScope scope, DateOnly from, DateOnly to, CancellationToken ct)
    {
        var (fromDay, toDay) = (DayNumber(from), DayNumber(to));
        var daily = await scope.Filter(db.Set<ExposureDailyMetric>().AsNoTracking(), m => m.Region)
            .Where(m => m.Day >= fromDay && m.Day <= toDay).ToListAsync(ct);
        var pending = await scope.Filter(db.Set<ExposureMetricEvent>().AsNoTracking(), m => m.Region)
            .Where(m => m.Day >= fromDay && m.Day <= toDay).ToListAsync(ct);
        return ExposureMetricsFolder.Sum(pending, daily).OrderBy(m => m.Day).ThenBy(m => m.ApiKeyId)
            .Select(m => new DailyMetrics(
                DateOnly.FromDayNumber(Epoch + m.Day).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
                m.ApiKeyId, m.Region, m.CodesGenerated, m.CodesClaimed, m.CodesExpired, m.KeysUploaded, m.FirstUploads,
                m.CodesClaimed == 0 ? null : (double)m.ClaimDelaySeconds / m.CodesClaimed))
            .ToList();
    }

    /// <summary>Whether a period is one the report accepts: from ≤ to, at most <see cref="MaxDays"/> apart.</summary>
    public static bool IsValidPeriod(DateOnly from, DateOnly to) =>
        to >= from && to.DayNumber - from.DayNumber <= MaxDays && InputRanges.IsPlausible(from) && InputRanges.IsPlausible(to);

    private static readonly int Epoch = DateOnly.FromDateTime(DateTime.UnixEpoch).DayNumber;

    private static int DayNumber(DateOnly date) => date.DayNumber - Epoch;
}
