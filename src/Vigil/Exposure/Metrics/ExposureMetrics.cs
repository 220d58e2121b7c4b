using Microsoft.EntityFrameworkCore;
using Vigil.Infrastructure.Database;

namespace Vigil.Exposure.Metrics;

/// <summary>Adds to the day's counters in the caller's transaction (an upsert both providers understand).</summary>
public static class ExposureMetrics
{
    public sealed record Delta(int CodesGenerated = 0, int CodesClaimed = 0, int CodesExpired = 0, int KeysUploaded = 0, int FirstUploads = 0, long ClaimDelaySeconds = 0);

    public static int DayOf(DateTimeOffset time) => (int)(time.ToUnixTimeSeconds() / 86400);

    public static Task AddAsync(this VigilDb db, Guid apiKeyId, string region, int day, Delta delta, CancellationToken cancellationToken) =>
        db.Database.ExecuteSqlInterpolatedAsync($"""
            INSERT INTO "ExposureDailyMetrics" ("ApiKeyId", "Day", "Region", "CodesGenerated", "CodesClaimed", "CodesExpired", "KeysUploaded", "FirstUploads", "ClaimDelaySeconds")
            VALUES ({apiKeyId}, {day}, {region}, {delta.CodesGenerated}, {delta.CodesClaimed}, {delta.CodesExpired}, {delta.KeysUploaded}, {delta.FirstUploads}, {delta.ClaimDelaySeconds})
            ON CONFLICT ("ApiKeyId", "Day") DO UPDATE SET
                "CodesGenerated" = "ExposureDailyMetrics"."CodesGenerated" + excluded."CodesGenerated",
                "CodesClaimed" = "ExposureDailyMetrics"."CodesClaimed" + excluded."CodesClaimed",
                "CodesExpired" = "ExposureDailyMetrics"."CodesExpired" + excluded."CodesExpired",
                "KeysUploaded" = "ExposureDailyMetrics"."KeysUploaded" + excluded."KeysUploaded",
                "FirstUploads" = "ExposureDailyMetrics"."FirstUploads" + excluded."FirstUploads",
                "ClaimDelaySeconds" = "ExposureDailyMetrics"."ClaimDelaySeconds" + excluded."ClaimDelaySeconds"
            """, cancellationToken);
}
