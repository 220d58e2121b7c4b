using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Vigil.Exposure.Metrics;

/// <summary>Per health authority (API key) and UTC day: what happened to its codes and keys.</summary>
public sealed class ExposureDailyMetric : ExposureCounters
{
    public Guid ApiKeyId { get; set; }

    /// <summary>floor(unix seconds / 86400).</summary>
    public int Day { get; set; }

    public required string Region { get; set; }
}

internal sealed class ExposureDailyMetricConfiguration : IEntityTypeConfiguration<ExposureDailyMetric>
{
    public void Configure(EntityTypeBuilder<ExposureDailyMetric> builder)
    {
        builder.ToTable("ExposureDailyMetrics");
        builder.HasKey(m => new { m.ApiKeyId, m.Day });
        builder.HasIndex(m => new { m.Region, m.Day });
    }
}
