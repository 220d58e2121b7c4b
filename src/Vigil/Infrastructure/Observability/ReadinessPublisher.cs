using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Vigil.Infrastructure.Observability;

/// <summary>
/// Runs the <c>/readyz</c> checks in the background (every <see cref="Period"/>) and keeps the verdict for the
/// <c>vigil.ready</c> gauge, so a scrape never waits on the database.
/// </summary>
internal sealed class ReadinessPublisher : IHealthCheckPublisher
{
    public static readonly TimeSpan Period = TimeSpan.FromSeconds(10);

    public Task PublishAsync(HealthReport report, CancellationToken cancellationToken)
    {
        VigilMetrics.Ready(report.Status == HealthStatus.Healthy);
        return Task.CompletedTask;
    }
}
