using Microsoft.Extensions.Options;
using Vigil.Exposure.Metrics;
using Vigil.Infrastructure;

namespace Vigil.Exposure.Jobs;

/// <summary>Folds metric events and runs <see cref="ExposureRetention"/> at start-up and then every <c>RetentionInterval</c>.</summary>
internal sealed class ExposureRetentionJob(IServiceScopeFactory scopes, IOptions<ExposureOptions> options, ILogger<ExposureRetentionJob> logger)
    : PeriodicJob(scopes, logger)
{
    protected override TimeSpan Interval => options.Value.RetentionInterval;

    protected override async Task RunOnceAsync(IServiceProvider services, CancellationToken cancellationToken)
    {
        await services.GetRequiredService<ExposureMetricsFolder>().FoldAsync(cancellationToken);
        var deleted = await services.GetRequiredService<ExposureRetention>().RunAsync(cancellationToken);
        if (deleted != new ExposureRetention.Deleted(0, 0, 0, 0))
        {
            logger.LogInformation("Retention deleted {Deleted}", deleted);
        }
    }
}
