using Microsoft.Extensions.Logging.Abstractions;
using Vigil.Mqtt.Broker.Persistence;

namespace Vigil.Mqtt.Tests.Broker.Persistence;

/// <summary>What a thread appended for an acknowledgement is taken only by the log it was appended to.</summary>
// IAsyncLifetime, not IAsyncDisposable: xUnit 2 disposes a test class only through IDisposable or IAsyncLifetime.
public sealed class SessionPersistenceTests : IAsyncLifetime
{
    private readonly List<string> _directories = [];
    private readonly List<SessionPersistence> _logs = [];

    private SessionPersistence Open()
    {
        var directory = Directory.CreateTempSubdirectory("vigil-session-log-").FullName;
        _directories.Add(directory);
        var log = new SessionPersistence(new FileSessionStore(directory, NullLogger.Instance), TimeProvider.System);
        _logs.Add(log);
        return log;
    }

    private static MqttApplicationMessage Retained(string topic) => new() { Topic = topic, Payload = "kept"u8.ToArray(), Retain = true };

    [Fact]
    public async Task A_sequence_left_by_another_log_on_this_thread_is_not_taken_so_nothing_waits_for_it()
    {
        var stopped = Open();
        var running = Open();
        for (var i = 0; i < 50; i++)
        {
            stopped.Retained(Retained($"old/{i}")); // appended for an acknowledgement nobody took
        }

        Assert.Equal(0, running.TakePending());
        running.Retained(Retained("new"));
        var pending = running.TakePending();
        Assert.Equal(1, pending);
        await running.WhenDurableAsync(pending).WaitAsync(TimeSpan.FromSeconds(10));
    }

    [Fact]
    public void A_log_takes_the_highest_sequence_this_thread_appended_once()
    {
        var log = Open();
        log.Retained(Retained("a"));
        log.Retained(Retained("b"));

        Assert.Equal(2, log.TakePending());
        Assert.Equal(0, log.TakePending());
    }

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        foreach (var log in _logs)
        {
            await log.DisposeAsync();
        }
        foreach (var directory in _directories)
        {
            Directory.Delete(directory, recursive: true);
        }
    }
}
