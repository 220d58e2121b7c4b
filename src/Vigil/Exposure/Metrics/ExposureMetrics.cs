using Vigil.Infrastructure.Database;

namespace Vigil.Exposure.Metrics;

/// <summary>Records a request's contribution to the daily counters: an insert that the caller's SaveChanges sends with its own rows.</summary>
public static class ExposureMetrics
{
    public sealed record Delta(int CodesGenerated = 0, int CodesClaimed = 0, int CodesExpired = 0, int KeysUploaded = 0, int FirstUploads = 0, long ClaimDelaySeconds = 0);

    public static int DayOf(DateTimeOffset time) => (int)(time.ToUnixTimeSeconds() / 86400);

    public static void RecordMetrics(this VigilDb db, Guid apiKeyId, string region, int day, Delta delta) =>
        db.Add(new ExposureMetricEvent
        {
            ApiKeyId = apiKeyId,
            Day = day,
            Region = region,
            CodesGenerated = delta.CodesGenerated,
            CodesClaimed = delta.CodesClaimed,
            CodesExpired = delta.CodesExpired,
            KeysUploaded = delta.KeysUploaded,
            FirstUploads = delta.FirstUploads,
            ClaimDelaySeconds = delta.ClaimDelaySeconds,
        });
}
