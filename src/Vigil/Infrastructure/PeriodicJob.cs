namespace Vigil.Infrastructure;

/// <summary>
/// A background job that runs once at start-up and then every <see cref="Interval"/>; a failed run is
/// logged and retried at the next tick. Each run gets its own service scope.
/// </summary>
public abstract class PeriodicJob(IServiceScopeFactory scopes, ILogger logger) : BackgroundService
{
    protected abstract TimeSpan Interval { get; }

    protected abstract Task RunOnceAsync(IServiceProvider services, CancellationToken cancellationToken);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(Interval);
        do
        {
            try
            {
                await using var scope = scopes.CreateAsyncScope();
                await RunOnceAsync(scope.ServiceProvider, stoppingToken);
            }
            catch (ObjectDisposedException e) when (e.ObjectName == nameof(IServiceProvider))
            {
                // The host was torn down under the job (a start-up that failed after it began): nothing is left to run
                // with, and the reason is already logged.
                return;
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                using var scope = scopes.CreateScope();
                if (!scope.ServiceProvider.GetRequiredService<Database.DatabaseOutage>().Report(e))
                {
                    logger.LogError(e, "{Job} failed; retrying at the next interval", GetType().Name);
                }
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }
}
