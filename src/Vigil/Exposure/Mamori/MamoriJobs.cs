using Microsoft.Extensions.Options;

namespace Vigil.Exposure.Mamori;

/// <summary>Validates pending reports every <c>ValidationInterval</c>.</summary>
internal sealed class PendingReportValidationJob(IServiceScopeFactory scopes, IOptions<MamoriOptions> options, ILogger<PendingReportValidationJob> logger)
    : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.Value.ValidationInterval);
        do
        {
            try
            {
                await using var scope = scopes.CreateAsyncScope();
                await scope.ServiceProvider.GetRequiredService<PendingReportValidation>().RunAsync(stoppingToken);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                logger.LogError(e, "Validating pending positive reports failed; retrying at the next interval");
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }
}

/// <summary>Rebuilds <c>positives.json.gz</c> every <c>FeedRebuildInterval</c> (and at start-up).</summary>
internal sealed class PositivesFeedJob(PositivesFeed feed, IOptions<MamoriOptions> options, ILogger<PositivesFeedJob> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.Value.FeedRebuildInterval);
        do
        {
            try
            {
                await feed.RebuildAsync(stoppingToken);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                logger.LogError(e, "Rebuilding positives.json.gz failed; retrying at the next interval");
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }
}
