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
        try
        {
            do
            {
                if (!await TryRunAsync(stoppingToken))
                {
                    return;
                }
            }
            while (await timer.WaitForNextTickAsync(stoppingToken));
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Stopping. Also when the host is torn down after a start-up that failed: it never stops its services then,
            // and would log this cancellation as the job's failure.
        }
    }

    /// <summary>One run; false when the host's services are gone (torn down under the job), so nothing can run again.</summary>
    private async Task<bool> TryRunAsync(CancellationToken stoppingToken)
    {
        try
        {
            await using var scope = scopes.CreateAsyncScope();
            await RunOnceAsync(scope.ServiceProvider, stoppingToken);
        }
        catch (ObjectDisposedException) when (HostIsGone())
        {
            return false;
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            using var scope = scopes.CreateScope();
            if (!scope.ServiceProvider.GetRequiredService<Database.DatabaseOutage>().Report(e))
            {
                logger.LogError(e, "{Job} failed; retrying at the next interval", GetType().Name);
            }
        }
        return true;
    }

    // The root provider refuses new scopes once the host is torn down; an object of the job's own found disposed is an
    // ordinary failure, logged and retried.
    private bool HostIsGone()
    {
        try
        {
            using var probe = scopes.CreateScope();
            return false;
        }
        catch (ObjectDisposedException)
        {
            return true;
        }
    }
}
