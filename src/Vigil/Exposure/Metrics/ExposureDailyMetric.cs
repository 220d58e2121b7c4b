namespace Vigil.Exposure.Metrics;

/// <summary>Per health authority (API key) and UTC day: what happened to its codes and keys.</summary>
public sealed class ExposureDailyMetric : ExposureCounters
{
    public Guid ApiKeyId { get; set; }

    /// <summary>floor(unix seconds / 86400).</summary>
    public int Day { get; set; }

    public required string Region { get; set; }
}
