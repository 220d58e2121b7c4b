using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Vigil.Infrastructure;
using Vigil.Infrastructure.Database;
using Vigil.Tests.Support;

namespace Vigil.Tests.Infrastructure;

public sealed class PeriodicJobTests
{
    [Fact]
    public async Task A_job_whose_host_is_torn_down_before_it_runs_ends_without_failing()
    {
        var services = new ServiceCollection().BuildServiceProvider();
        var scopes = services.GetRequiredService<IServiceScopeFactory>();
        await services.DisposeAsync();
        using var job = new CountingJob(scopes);

        await job.StartAsync(CancellationToken.None);
        await job.ExecuteTask!.WaitAsync(TimeSpan.FromSeconds(10));

        Assert.True(job.ExecuteTask.IsCompletedSuccessfully);
        Assert.Equal(0, job.Runs);
    }

    [Fact]
    public async Task A_job_torn_down_without_being_stopped_ends_without_failing()
    {
        await using var services = new ServiceCollection().BuildServiceProvider();
        var job = new CountingJob(services.GetRequiredService<IServiceScopeFactory>());
        await job.StartAsync(CancellationToken.None);
        await job.FirstRun.Task.WaitAsync(TimeSpan.FromSeconds(10));

        // What a host does with its services when their start-up failed: disposes them, never calls StopAsync.
        job.Dispose();
        var running = job.ExecuteTask!;
        await Task.WhenAny(running, Task.Delay(TimeSpan.FromSeconds(10)));

        Assert.True(running.IsCompletedSuccessfully, $"the job ended {running.Status}");
    }

    [Fact]
    public async Task A_run_that_finds_an_object_of_its_own_disposed_is_logged_and_the_job_goes_on()
    {
        var services = new ServiceCollection().AddSingleton(TimeProvider.System).AddLogging().AddSingleton<DatabaseOutage>();
        await using var provider = services.BuildServiceProvider();
        using var logs = new CapturedLogs();
        using var job = new CountingJob(provider.GetRequiredService<IServiceScopeFactory>(), logs.CreateLogger("job"))
        {
            Failure = new ObjectDisposedException(nameof(IServiceProvider)),
        };

        await job.StartAsync(CancellationToken.None);
        await job.FirstRun.Task.WaitAsync(TimeSpan.FromSeconds(10));
        await WaitUntilAsync(() => logs.Lines.Any(line => line.StartsWith("Error", StringComparison.Ordinal) && line.Contains(nameof(ObjectDisposedException), StringComparison.Ordinal)));

        Assert.False(job.ExecuteTask!.IsCompleted, "the job ended after one failed run");
        await job.StopAsync(CancellationToken.None);
    }

    [Fact]
    public async Task A_job_runs_once_at_start()
    {
        await using var services = new ServiceCollection().BuildServiceProvider();
        using var job = new CountingJob(services.GetRequiredService<IServiceScopeFactory>());

        await job.StartAsync(CancellationToken.None);
        await job.FirstRun.Task.WaitAsync(TimeSpan.FromSeconds(10));
        await job.StopAsync(CancellationToken.None);

        Assert.Equal(1, job.Runs);
    }

    private sealed class CountingJob(IServiceScopeFactory scopes, ILogger? logger = null) : PeriodicJob(scopes, logger ?? NullLogger.Instance)
    {
        public int Runs;
        public Exception? Failure { get; init; }
        public readonly TaskCompletionSource FirstRun = new(TaskCreationOptions.RunContinuationsAsynchronously);

        protected override TimeSpan Interval => TimeSpan.FromHours(1);

        protected override Task RunOnceAsync(IServiceProvider services, CancellationToken cancellationToken)
        {
            Interlocked.Increment(ref Runs);
            FirstRun.TrySetResult();
            return Failure is null ? Task.CompletedTask : Task.FromException(Failure);
        }
    }

    private static async Task WaitUntilAsync(Func<bool> condition)
    {
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < deadline, "the failed run was not logged as an error");
            await Task.Delay(20);
        }
    }
}
