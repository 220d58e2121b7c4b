using System.Data.Common;
using Microsoft.EntityFrameworkCore;
using Vigil.Infrastructure.Database;

namespace Vigil.Exposure.Metrics;

/// <summary>
/// Moves metric events into the daily rows: one transaction deletes the events it sees (DELETE … RETURNING)
/// and adds their sums, so concurrent folders on several nodes never count an event twice.
/// </summary>
public sealed class ExposureMetricsFolder(VigilDb db)
{
    public async Task<int> FoldAsync(CancellationToken cancellationToken)
    {
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var events = new List<ExposureMetricEvent>();
        await using (var command = db.CreateCommand(transaction, """
                DELETE FROM "ExposureMetricEvents"
                RETURNING "ApiKeyId", "Day", "Region", "CodesGenerated", "CodesClaimed", "CodesExpired", "KeysUploaded", "FirstUploads", "ClaimDelaySeconds"
                """))
        {
            await using DbDataReader reader = await command.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                events.Add(new ExposureMetricEvent
                {
                    ApiKeyId = reader.GetGuid(0),
                    Day = reader.GetInt32(1),
                    Region = reader.GetString(2),
                    CodesGenerated = reader.GetInt32(3),
                    CodesClaimed = reader.GetInt32(4),
                    CodesExpired = reader.GetInt32(5),
                    KeysUploaded = reader.GetInt32(6),
                    FirstUploads = reader.GetInt32(7),
                    ClaimDelaySeconds = reader.GetInt64(8),
                });
            }
        }
        foreach (var day in Sum(events))
        {
            await db.Database.ExecuteSqlInterpolatedAsync($"""
                INSERT INTO "ExposureDailyMetrics" ("ApiKeyId", "Day", "Region", "CodesGenerated", "CodesClaimed", "CodesExpired", "KeysUploaded", "FirstUploads", "ClaimDelaySeconds")
                VALUES ({day.ApiKeyId}, {day.Day}, {day.Region}, {day.CodesGenerated}, {day.CodesClaimed}, {day.CodesExpired}, {day.KeysUploaded}, {day.FirstUploads}, {day.ClaimDelaySeconds})
                ON CONFLICT ("ApiKeyId", "Day") DO UPDATE SET
                    "CodesGenerated" = "ExposureDailyMetrics"."CodesGenerated" + excluded."CodesGenerated",
                    "CodesClaimed" = "ExposureDailyMetrics"."CodesClaimed" + excluded."CodesClaimed",
                    "CodesExpired" = "ExposureDailyMetrics"."CodesExpired" + excluded."CodesExpired",
                    "KeysUploaded" = "ExposureDailyMetrics"."KeysUploaded" + excluded."KeysUploaded",
                    "FirstUploads" = "ExposureDailyMetrics"."FirstUploads" + excluded."FirstUploads",
                    "ClaimDelaySeconds" = "ExposureDailyMetrics"."ClaimDelaySeconds" + excluded."ClaimDelaySeconds"
                """, cancellationToken);
        }
        await transaction.CommitAsync(cancellationToken);
        return events.Count;
    }

    /// <summary>Daily rows plus the events not folded yet, summed per health authority and day.</summary>
    public static IEnumerable<ExposureDailyMetric> Sum(IEnumerable<ExposureMetricEvent> events, IEnumerable<ExposureDailyMetric>? daily = null) =>
        (daily ?? []).Select(d => (d.ApiKeyId, d.Day, d.Region, Counters: (ExposureCounters)d))
            .Concat(events.Select(e => (e.ApiKeyId, e.Day, e.Region, Counters: (ExposureCounters)e)))
            .GroupBy(x => (x.ApiKeyId, x.Day))
            .Select(g =>
            {
                var sum = new ExposureDailyMetric { ApiKeyId = g.Key.ApiKeyId, Day = g.Key.Day, Region = g.First().Region };
                foreach (var part in g)
                {
                    sum.Add(part.Counters);
                }
                return sum;
            });
}
