using Microsoft.Extensions.Options;
using Vigil.Infrastructure;

namespace Vigil.Outbreaks;

internal sealed class OutbreakRetentionJob(IServiceScopeFactory scopes, IOptions<OutbreakOptions> options, ILogger<OutbreakRetentionJob> logger)
    : PeriodicJob(scopes, logger)
{
    protected override TimeSpan Interval => options.Value.RetentionInterval;

    protected override Task RunOnceAsync(IServiceProvider services, CancellationToken cancellationToken) =>
        services.GetRequiredService<OutbreakRetention>().RunAsync(cancellationToken);
}
