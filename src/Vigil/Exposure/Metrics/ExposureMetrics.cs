using Vigil.Infrastructure.Database;
using Vigil.Infrastructure;

namespace Vigil.Exposure.Metrics;

/// <summary>Records a request's contribution to the daily counters: an insert that the caller's SaveChanges sends with its own rows.</summary>
public static class ExposureMetrics
{
    public static int DayOf(DateTimeOffset time) => UnixDay.Of(time).Number;

    public static void RecordMetrics(this VigilDb db, Guid apiKeyId, string region, int day, Action<ExposureCounters> count)
    {
        var counted = new ExposureMetricEvent { ApiKeyId = apiKeyId, Day = day, Region = region };
        count(counted);
        db.Add(counted);
    }
}
