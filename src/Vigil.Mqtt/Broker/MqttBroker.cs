using System.Collections.Concurrent;
using System.IO.Pipelines;
using System.Net;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Vigil.Mqtt.Broker;

/// <summary>
/// An MQTT 3.1.1 / 5.0 broker over any duplex pipe (TCP, TLS, WebSocket). Sessions and retained
/// messages live in memory. Authentication and authorisation come in through the two interfaces.
/// </summary>
public sealed partial class MqttBroker : IAsyncDisposable
{
    private readonly SubscriptionIndex _index = new();
    private readonly ConcurrentDictionary<MqttConnection, byte> _live = new();
    private readonly TimeProvider _time;
    private readonly CancellationTokenSource _stopping = new();
    private Task _housekeeping = Task.CompletedTask;
    private int _disposed;

    /// <summary>Creates a broker; call <see cref="Start"/> to run its timers.</summary>
    public MqttBroker(MqttBrokerOptions options, IMqttAuthenticator authenticator, IMqttAuthorizer authorizer, TimeProvider? time = null, ILogger<MqttBroker>? logger = null)
    {
        Options = options;
        Authenticator = authenticator;
        Authorizer = authorizer;
        _time = time ?? TimeProvider.System;
        Logger = logger ?? NullLogger<MqttBroker>.Instance;
        Retained = new RetainedStore(options.MaximumRetainedMessages);
        StartedAt = _time.GetUtcNow();
        if (options.PersistenceDirectory is { } directory)
        {
            Persistence = new Persistence.SessionPersistence(new Persistence.FileSessionStore(directory, Logger, options.SessionLogCommitDelay), _time);
            Restore(Persistence);
        }
    }

    /// <summary>The session log, when <see cref="MqttBrokerOptions.PersistenceDirectory"/> is set.</summary>
    internal Persistence.SessionPersistence? Persistence { get; }

    /// <summary>The limits in force.</summary>
    public MqttBrokerOptions Options { get; }

    /// <summary>Changes each accepted message before it is routed; none by default.</summary>
    public IMqttPublishInterceptor? PublishInterceptor { get; init; }

    /// <summary>Counters.</summary>
    public MqttBrokerStatistics Statistics { get; } = new();

    /// <summary>Live subscriptions across all sessions.</summary>
    public int SubscriptionCount => _index.Count;

    internal IMqttAuthenticator Authenticator { get; }
    internal IMqttAuthorizer Authorizer { get; }
    internal ILogger Logger { get; }
    internal RetainedStore Retained { get; }
    internal DateTimeOffset Now => _time.GetUtcNow();
    private DateTimeOffset StartedAt { get; }

    /// <summary>Starts keep-alive, expiry and statistics housekeeping.</summary>
    public void Start() => _housekeeping = Task.Run(HousekeepingLoopAsync);

    /// <summary>Serves one client connection until it closes.</summary>
    public Task HandleConnectionAsync(IDuplexPipe transport, EndPoint? remoteEndPoint, CancellationToken cancellationToken)
    {
        var connection = new MqttConnection(this, transport, remoteEndPoint);
        _live[connection] = 0;
        if (Volatile.Read(ref _disposed) == 1)
        {
            connection.Close(); // accepted while the broker stopped: DisposeAsync may have missed it
        }
        // Not awaited here (the connection leaves _live at the end of its own run): one state machine per connection less.
        return connection.RunAsync(cancellationToken);
    }

    internal void Forget(MqttConnection connection) => _live.TryRemove(connection, out _);

    /// <summary>
    /// Opens a connection to this broker through in-memory pipes (for clients living in the same
    /// process); returns the client's end.
    /// </summary>
    public IDuplexPipe ConnectInMemory()
    {
        var toBroker = new Pipe();
        var toClient = new Pipe();
        _ = HandleConnectionAsync(new InMemoryPipe(toBroker.Reader, toClient.Writer), null, CancellationToken.None);
        return new InMemoryPipe(toClient.Reader, toBroker.Writer);
    }

    private sealed record InMemoryPipe(PipeReader Input, PipeWriter Output) : IDuplexPipe;

    /// <summary>
    /// The principals of the connections that have completed CONNECT (those <paramref name="which"/> picks, all by
    /// default), each once, for checks the application makes itself. Picking first keeps a periodic check over a
    /// few handlers among thousands of phones from copying them all.
    /// </summary>
    public IReadOnlyList<MqttPrincipal> ConnectedPrincipals(Func<MqttPrincipal, bool>? which = null) =>
        [.. _live.Select(live => live.Key).Where(c => c.IsConnected && c.Principal is { } p && (which is null || which(p))).Select(c => c.Principal!).Distinct()];

    /// <summary>
    /// Closes the connections whose principal matches (v5 clients hear "administrative action", 0x98),
    /// for example after their credential was revoked; returns how many were closed.
    /// </summary>
    public int Disconnect(Func<MqttPrincipal, bool> predicate)
    {
        var closed = 0;
        foreach (var (connection, _) in _live)
        {
            if (connection.IsConnected && connection.Principal is { } principal && predicate(principal))
            {
                connection.Close(ReasonCodes.AdministrativeAction);
                closed++;
            }
        }
        return closed;
    }

    /// <summary>Closes every connection (v5 clients hear "server shutting down") and stops the timers.</summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 1)
        {
            return;
        }
        _stopping.Cancel();
        foreach (var (connection, _) in _live)
        {
            connection.Close(ReasonCodes.ServerShuttingDown);
        }
        await _housekeeping.ConfigureAwait(false);
        if (Persistence is not null)
        {
            await Persistence.DisposeAsync().ConfigureAwait(false);
        }
    }
}
