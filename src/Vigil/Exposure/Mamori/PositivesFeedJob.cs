using Microsoft.Extensions.Options;
using Vigil.Infrastructure;

namespace Vigil.Exposure.Mamori;

/// <summary>Rebuilds <c>positives.json.gz</c> every <c>FeedRebuildInterval</c> (and at start-up).</summary>
internal sealed class PositivesFeedJob(IServiceScopeFactory scopes, IOptions<MamoriOptions> options, ILogger<PositivesFeedJob> logger)
    : PeriodicJob(scopes, logger)
{
    protected override TimeSpan Interval => options.Value.FeedRebuildInterval;

    protected override Task RunOnceAsync(IServiceProvider services, CancellationToken cancellationToken) =>
        services.GetRequiredService<PositivesFeed>().RebuildAsync(cancellationToken);
}
