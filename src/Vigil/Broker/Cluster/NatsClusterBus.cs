using System.Threading.Channels;
using Microsoft.Extensions.Options;
using NATS.Client.Core;
using Vigil.Mqtt;
using Vigil.Mqtt.Broker;

namespace Vigil.Broker.Cluster;

/// <summary>
/// The broker's cluster bus on NATS. Messages go out on the subject of their topic; a node subscribes to the
/// subjects of the filters its clients hold (shared groups as NATS queue groups); retained messages live in a
/// JetStream key-value bucket that every node mirrors; client ids are claimed on a control subject. Nothing the
/// broker calls blocks: work waits in channels that loops drain to NATS, and messages are dropped (counted) when
/// NATS is away for long enough to fill <see cref="ClusterOptions.OutboxCapacity"/>.
/// </summary>
public sealed partial class NatsClusterBus : IMqttClusterBus, IAsyncDisposable
{
    private readonly ClusterOptions _options;
    private readonly ILogger<NatsClusterBus> _logger;
    private readonly NatsSubjects _subjects;
    private readonly Channel<(string Subject, byte[] Data)> _outbox;
    private readonly Channel<(MqttInterest Interest, bool Added)> _interest = Channel.CreateUnbounded<(MqttInterest, bool)>(new UnboundedChannelOptions { SingleReader = true });
    private readonly Dictionary<MqttInterest, List<ClusterTopicSubscription>> _subscriptions = [];
    private readonly RecentMessages _recent = new();
    private readonly CancellationTokenSource _stopping = new();
    private readonly List<Task> _loops = [];
    private MqttBroker? _broker;
    private long _sequence;
    private int _directWildcards;
    private long _dropped;

    public NatsClusterBus(IOptions<ClusterOptions> options, ILogger<NatsClusterBus> logger, ILoggerFactory loggers)
    {
        _options = options.Value;
        _logger = logger;
        _subjects = new NatsSubjects(_options.SubjectPrefix);
        _outbox = Channel.CreateBounded<(string, byte[])>(
            new BoundedChannelOptions(_options.OutboxCapacity) { SingleReader = true, FullMode = BoundedChannelFullMode.DropOldest },
            _ => Interlocked.Increment(ref _dropped));
        Connection = new NatsConnection(new NatsOpts
        {
            Url = _options.NatsUrls!,
            Name = "vigil-" + Environment.MachineName + "-" + NodeId.ToString("N")[..8],
            RetryOnInitialConnect = true,
            MaxReconnectRetry = -1,
            ReconnectWaitMin = TimeSpan.FromMilliseconds(500),
            ReconnectWaitMax = TimeSpan.FromSeconds(2),
            SubPendingChannelFullMode = BoundedChannelFullMode.Wait,
            LoggerFactory = loggers,
        });
        Connection.ConnectionDisconnected += (_, _) => OnConnectionChanged(connected: false);
        Connection.ConnectionOpened += (_, _) => OnConnectionChanged(connected: true);
    }

    /// <summary>This node's identity in the cluster (new at every start).</summary>
    public Guid NodeId { get; } = Guid.NewGuid();

    internal NatsConnection Connection { get; }

    /// <summary>Whether NATS is connected now (cross-node traffic flows).</summary>
    public bool IsConnected => Connection.ConnectionState == NatsConnectionState.Open;

    /// <summary>Messages for other nodes dropped because NATS was away and the outbox filled.</summary>
    public long DroppedWhileAway => Interlocked.Read(ref _dropped);

    /// <summary>Starts the loops; connecting happens in the background, so a node comes up without NATS.</summary>
    public void Start(MqttBroker broker, Action<string, string> onExportStale)
    {
        _broker = broker;
        _exportStale = onExportStale;
        foreach (var interest in broker.LocalInterests())
        {
            InterestAdded(interest);
        }
        _loops.Add(Task.Run(() => RunAsync(_stopping.Token)));
    }

    public void InterestAdded(MqttInterest interest) => _interest.Writer.TryWrite((interest, true));

    public void InterestRemoved(MqttInterest interest) => _interest.Writer.TryWrite((interest, false));

    public void Forward(MqttApplicationMessage message)
    {
        var data = new byte[MqttClusterEnvelope.SizeOf(message)];
        MqttClusterEnvelope.Write(data, message, NodeId, (ulong)Interlocked.Increment(ref _sequence));
        _outbox.Writer.TryWrite((_subjects.FromTopic(message.Topic), data));
    }

    public void ClientConnected(string clientId) => _outbox.Writer.TryWrite((ClaimsSubject, NodeMessage(clientId)));

    private async Task RunAsync(CancellationToken stopping)
    {
        try
        {
            await Connection.ConnectAsync();
            _loops.Add(KeepRunningAsync("sending", SendLoopAsync, stopping));
            _loops.Add(KeepRunningAsync("subscribing", InterestLoopAsync, stopping));
            _loops.Add(KeepRunningAsync("node messages", NodeLoopsAsync, stopping));
            _loops.Add(KeepRunningAsync("retained messages", RetainedLoopAsync, stopping));
            _loops.Add(KeepRunningAsync("persistent sessions", SessionsLoopAsync, stopping));
        }
        catch (OperationCanceledException) when (stopping.IsCancellationRequested)
        {
        }
    }

    /// <summary>Runs a loop until the bus stops, starting it again (after a second) when NATS makes it fail.</summary>
    private Task KeepRunningAsync(string what, Func<CancellationToken, Task> loop, CancellationToken stopping) => Task.Run(async () =>
    {
        while (!stopping.IsCancellationRequested)
        {
            try
            {
                await loop(stopping);
            }
            catch (OperationCanceledException) when (stopping.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e) when (e is NatsException or InvalidOperationException or TimeoutException or OperationCanceledException)
            {
                _logger.LogDebug("NATS {What} loop failed ({Reason}); starting it again", what, e.Message);
                await Task.Delay(TimeSpan.FromSeconds(1), stopping).ContinueWith(_ => { }, TaskScheduler.Default);
            }
        }
    }, stopping);

    private async Task SendLoopAsync(CancellationToken stopping)
    {
        var reader = _outbox.Reader;
        while (await reader.WaitToReadAsync(stopping))
        {
            while (reader.TryRead(out var item))
            {
                await Connection.PublishAsync(item.Subject, item.Data, cancellationToken: stopping);
            }
        }
    }

    private async Task InterestLoopAsync(CancellationToken stopping)
    {
        await foreach (var (interest, added) in _interest.Reader.ReadAllAsync(stopping))
        {
            try
            {
                await ApplyInterestAsync(interest, added, stopping);
            }
            catch (NatsException)
            {
                _interest.Writer.TryWrite((interest, added)); // tried again when the loop starts over
                throw;
            }
        }
    }

    private async Task ApplyInterestAsync(MqttInterest interest, bool added, CancellationToken stopping)
    {
        if (added && !_subscriptions.ContainsKey(interest))
        {
            var subscriptions = new List<ClusterTopicSubscription>();
            foreach (var subject in _subjects.FromFilter(interest.TopicFilter))
            {
                var subscription = new ClusterTopicSubscription(this, Connection, subject, interest);
                await Connection.AddSubAsync(subscription, stopping);
                subscriptions.Add(subscription);
            }
            _subscriptions[interest] = subscriptions;
            CountWildcard(interest, +1);
        }
        else if (!added && _subscriptions.Remove(interest, out var gone))
        {
            CountWildcard(interest, -1);
            foreach (var subscription in gone)
            {
                await subscription.DisposeAsync();
            }
        }
    }

    /// <summary>
    /// Only a wildcard filter can make one message match two of this node's direct subscriptions, so without one
    /// there is nothing to de-duplicate. (A wildcard interest arriving while such a message is on its way may let
    /// one copy through twice: QoS 1 allows it.)
    /// </summary>
    private void CountWildcard(MqttInterest interest, int delta)
    {
        if (interest.ShareGroup is null && interest.TopicFilter.AsSpan().IndexOfAny('+', '#') >= 0)
        {
            Interlocked.Add(ref _directWildcards, delta);
        }
    }

    /// <summary>A message from NATS for one of this node's interests (on the connection's reader: quick, no blocking).</summary>
    internal void Receive(string subject, System.Buffers.ReadOnlySequence<byte> payload, MqttInterest interest)
    {
        if (_broker is not { } broker || _subjects.ToTopic(subject) is not { } topic
            || !MqttClusterEnvelope.TryRead(topic, payload, out var message, out var origin, out var sequence))
        {
            return;
        }
        if (interest.ShareGroup is not null)
        {
            if (TopicFilter.Matches(interest.TopicFilter, topic))
            {
                broker.DeliverSharedFromCluster(message, interest);
            }
            return;
        }
        // This node delivered its own messages to its direct subscribers when they were published.
        if (origin != NodeId && (Volatile.Read(ref _directWildcards) == 0 || _recent.TryAdd(origin, sequence)))
        {
            broker.DeliverFromCluster(message);
        }
    }

    private int _away = -1; // -1: never connected, 1: lost, 0: connected

    private ValueTask OnConnectionChanged(bool connected)
    {
        var was = Interlocked.Exchange(ref _away, connected ? 0 : 1);
        if (!connected && was == 0)
        {
            _logger.LogWarning("Lost NATS: this node serves its own MQTT clients only until NATS is back");
        }
        else if (connected && was != 0)
        {
            _logger.LogInformation(was == 1
                ? "NATS is back: cross-node MQTT traffic resumes"
                : "Connected to NATS: this node shares one MQTT namespace with the cluster");
        }
        return ValueTask.CompletedTask;
    }

    public async ValueTask DisposeAsync()
    {
        _stopping.Cancel();
        try
        {
            await Task.WhenAll([.. _loops, _applyingSessionChanges ?? Task.CompletedTask]).WaitAsync(TimeSpan.FromSeconds(5));
        }
        catch (Exception e) when (e is OperationCanceledException or TimeoutException or NatsException)
        {
        }
        await Connection.DisposeAsync();
    }
}
