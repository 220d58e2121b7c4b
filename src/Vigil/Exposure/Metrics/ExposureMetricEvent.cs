namespace Vigil.Exposure.Metrics;

/// <summary>
/// One request's contribution to the daily counters. Requests only ever insert these (no shared row to
/// lock), and <see cref="ExposureMetricsFolder"/> folds them into <see cref="ExposureDailyMetric"/>.
/// </summary>
public sealed class ExposureMetricEvent : ExposureCounters
{
    public long Id { get; set; }
    public Guid ApiKeyId { get; set; }
    public int Day { get; set; }
    public required string Region { get; set; }
}
