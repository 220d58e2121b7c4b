using Microsoft.EntityFrameworkCore;
using Vigil.Infrastructure.Database;

namespace Vigil.Exposure.Metrics;

/// <summary>Records a request's contribution to the daily counters, in the caller's transaction.</summary>
public static class ExposureMetrics
{
    public sealed record Delta(int CodesGenerated = 0, int CodesClaimed = 0, int CodesExpired = 0, int KeysUploaded = 0, int FirstUploads = 0, long ClaimDelaySeconds = 0);

    public static int DayOf(DateTimeOffset time) => (int)(time.ToUnixTimeSeconds() / 86400);

    public static Task RecordMetricsAsync(this VigilDb db, Guid apiKeyId, string region, int day, Delta delta, CancellationToken cancellationToken) =>
        db.Database.ExecuteSqlInterpolatedAsync($"""
            INSERT INTO "ExposureMetricEvents" ("ApiKeyId", "Day", "Region", "CodesGenerated", "CodesClaimed", "CodesExpired", "KeysUploaded", "FirstUploads", "ClaimDelaySeconds")
            VALUES ({apiKeyId}, {day}, {region}, {delta.CodesGenerated}, {delta.CodesClaimed}, {delta.CodesExpired}, {delta.KeysUploaded}, {delta.FirstUploads}, {delta.ClaimDelaySeconds})
            """, cancellationToken);
}
