using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Vigil.Infrastructure;

namespace Vigil.Tests.Infrastructure;

public sealed class PeriodicJobTests
{
    [Fact]
    public async Task A_job_whose_host_is_torn_down_before_it_runs_ends_without_failing()
    {
        var services = new ServiceCollection().BuildServiceProvider();
        var scopes = services.GetRequiredService<IServiceScopeFactory>();
        await services.DisposeAsync();
        var job = new CountingJob(scopes);

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
    public async Task A_job_runs_once_at_start()
    {
        await using var services = new ServiceCollection().BuildServiceProvider();
        using var job = new CountingJob(services.GetRequiredService<IServiceScopeFactory>());

        await job.StartAsync(CancellationToken.None);
        await job.FirstRun.Task.WaitAsync(TimeSpan.FromSeconds(10));
        await job.StopAsync(CancellationToken.None);

        Assert.Equal(1, job.Runs);
    }

    private sealed class CountingJob(IServiceScopeFactory scopes) : PeriodicJob(scopes, NullLogger.Instance)
    {
        public int Runs;
        public readonly TaskCompletionSource FirstRun = new(TaskCreationOptions.RunContinuationsAsynchronously);

        protected override TimeSpan Interval => TimeSpan.FromHours(1);

        protected override Task RunOnceAsync(IServiceProvider services, CancellationToken cancellationToken)
        {
            Interlocked.Increment(ref Runs);
            FirstRun.TrySetResult();
            return Task.CompletedTask;
        }
    }
}
