using Microsoft.Extensions.Logging;
using Vigil.Mqtt.Protocol;

namespace Vigil.Mqtt.Broker;

// Persistent sessions the cluster keeps (IMqttClusterSessions): this node's mirror of every stored session, the
// queueing of published messages for them, and resuming one here.
public sealed partial class MqttBroker
{
    [ThreadStatic] private static List<Task>? t_queued;
    private readonly Lock _mirrorGate = new();
    private readonly Dictionary<string, MirroredSession> _mirror = new(StringComparer.Ordinal);
    private readonly SubscriptionIndex _mirrorIndex = new();

    /// <summary>The cluster's session store; null keeps persistent sessions on this node (and its session log).</summary>
    public IMqttClusterSessions? ClusterSessions { get; init; }

    private sealed record MirroredSession(MqttClusterSession Record, List<Subscription> Indexed);

    /// <summary>A session's record as the cluster stores it now (from any node, this one included).</summary>
    public void SessionStoredInCluster(MqttClusterSession record)
    {
        // Stand-ins only say which client a match is for; the real session lives on the node it is attached to.
        var standIn = new MqttSession(record.ClientId, Statistics, 0);
        var indexed = new List<Subscription>();
        foreach (var stored in record.Subscriptions)
        {
            if (Subscription.TryParse(stored.Filter, out var topicFilter, out var group) && group is null
                && TopicSubscription.FromOptions(topicFilter, stored.Options) is { QoS: not MqttQoS.AtMostOnce } options)
            {
                indexed.Add(new Subscription(standIn, topicFilter, null, options, stored.Identifier == 0 ? null : stored.Identifier));
            }
        }
        lock (_mirrorGate)
        {
            Unmirror(record.ClientId);
            _mirror[record.ClientId] = new MirroredSession(record, indexed);
            foreach (var subscription in indexed)
            {
                _mirrorIndex.Add(subscription);
            }
        }
    }

    /// <summary>
    /// Before a client's session is looked up here: its record from the store when this node's mirror has none yet, as
    /// when the client moved here from the node it used a moment ago. Without it the client would get a new session
    /// that replaces the one it left.
    /// </summary>
    internal async Task CatchUpWithStoredSessionAsync(string clientId, CancellationToken cancellationToken)
    {
        if (ClusterSessions is not { } store || IsMirrored(clientId))
        {
            return;
        }
        MqttClusterSession? record;
        using (var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken))
        {
            timeout.CancelAfter(StoreReadTimeout);
            try
            {
                record = await store.ReadAsync(clientId, timeout.Token).ConfigureAwait(false);
            }
            catch (Exception e) when (!cancellationToken.IsCancellationRequested)
            {
                // The store is away: go on with the mirror, as a node did before it read the store at all.
                Logger.LogWarning("The stored session of a connecting client could not be read ({Reason}); its session is taken from this node's mirror", e.Message);
                return;
            }
        }
        lock (_mirrorGate)
        {
            // The mirror may have caught up meanwhile, with a record as new as the one read or newer.
            if (record is not null && !_mirror.ContainsKey(clientId))
            {
                SessionStoredInCluster(record);
            }
        }
    }

    // Long enough for a JetStream read while a NATS server fails over; a client's CONNECT waits at most this long for it.
    private static readonly TimeSpan StoreReadTimeout = TimeSpan.FromSeconds(3);

    private bool IsMirrored(string clientId)
    {
        lock (_mirrorGate)
        {
            return _mirror.ContainsKey(clientId);
        }
    }

    /// <summary>A session the cluster no longer stores.</summary>
    public void SessionRemovedFromCluster(string clientId)
    {
        lock (_mirrorGate)
        {
            Unmirror(clientId);
        }
    }

    /// <summary>Sessions the cluster stores, as this node's mirror holds them.</summary>
    public int ClusterSessionCount
    {
        get
        {
            lock (_mirrorGate)
            {
                return _mirror.Count;
            }
        }
    }

    private void Unmirror(string clientId)
    {
        if (_mirror.Remove(clientId, out var previous))
        {
            foreach (var subscription in previous.Indexed)
            {
                _mirrorIndex.Remove(subscription);
            }
        }
    }

    /// <summary>A message from the session's queue in the cluster, for the session attached here.</summary>
    public void DeliverFromClusterQueue(string clientId, MqttClusterDelivery delivery, bool redelivered, IMqttDeliveryReceipt receipt)
    {
        if (!_sessions.TryGetValue(clientId, out var session) || !session.InCluster)
        {
            receipt.Returned();
            return;
        }
        session.Deliver(new Delivery(delivery.Message, delivery.QoS, delivery.Retain, delivery.SubscriptionIds?.ToList())
        {
            Redelivery = redelivered,
            Receipt = receipt,
        });
    }

    /// <summary>Under the registry lock: the stored session of a client that connects here, made local (null: none, or it ended).</summary>
    private MqttSession? ResumeFromCluster(string clientId, bool cleanStart)
    {
        MqttClusterSession? record;
        lock (_mirrorGate)
        {
            record = _mirror.GetValueOrDefault(clientId)?.Record;
        }
        if (record is null)
        {
            return null;
        }
        if (cleanStart || HasExpired(record))
        {
            SessionRemovedFromCluster(clientId);
            ClusterSessions!.Remove(clientId);
            return null;
        }
        var session = new MqttSession(clientId, Statistics, Options.MaximumQueuedMessages, Persistence) { ExpiryInterval = record.ExpiryInterval, InCluster = true };
        foreach (var stored in record.Subscriptions)
        {
            RestoreSubscription(session, stored.Filter, stored.Options, stored.Identifier == 0 ? null : stored.Identifier);
        }
        _sessions[clientId] = session;
        return session;
    }

    private bool HasExpired(MqttClusterSession record) =>
        record.ExpiryInterval != uint.MaxValue && record.DisconnectedAt + TimeSpan.FromSeconds(record.ExpiryInterval) <= Now;

    /// <summary>
    /// Under the session's gate: its record to the cluster, and to this node's mirror at once (so messages published
    /// here queue for it now); the task completes once the cluster's store holds it.
    /// </summary>
    private Task SaveToCluster(MqttSession session)
    {
        var record = new MqttClusterSession(session.ClientId, session.ExpiryInterval, session.Owner is null ? session.DisconnectedAt : null,
            [.. session.Subscriptions.Select(s => new MqttClusterSubscription(s.Filter, s.Options.Options, s.Identifier ?? 0))]);
        SessionStoredInCluster(record);
        return ClusterSessions!.Save(record);
    }

    private void RemoveFromCluster(MqttSession session)
    {
        session.InCluster = false;
        SessionRemovedFromCluster(session.ClientId);
        ClusterSessions!.Remove(session.ClientId);
    }

    /// <summary>Stored sessions that no node holds and whose expiry passed: every node may end them, and ending one twice does no harm.</summary>
    private void EndExpiredClusterSessions()
    {
        if (ClusterSessions is null)
        {
            return;
        }
        List<string> expired;
        lock (_mirrorGate)
        {
            expired = [.. _mirror.Values.Where(m => !_sessions.ContainsKey(m.Record.ClientId) && HasExpired(m.Record)).Select(m => m.Record.ClientId)];
        }
        foreach (var clientId in expired)
        {
            SessionRemovedFromCluster(clientId);
            ClusterSessions.Remove(clientId);
        }
    }

    /// <summary>What this thread's publishes are waiting for in the cluster's queues since the last call (null: nothing).</summary>
    internal static List<Task>? TakeQueued()
    {
        var queued = t_queued;
        t_queued = null;
        return queued;
    }

    /// <summary>A QoS 1/2 message into the queue of every persistent session in the cluster it matches: once per session.</summary>
    private void QueueForClusterSessions(MqttApplicationMessage message)
    {
        if (ClusterSessions is not { } store || message.QoS == MqttQoS.AtMostOnce)
        {
            return;
        }
        if (!store.IsReady)
        {
            // Which persistent sessions it is for is not known here yet: better unacknowledged than lost for them.
            (t_queued ??= []).Add(Task.FromException(new InvalidOperationException("the stored sessions are not loaded on this node yet")));
            return;
        }
        var subscriptions = t_subscriptions ??= [];
        try
        {
            _mirrorIndex.Match(message.Topic, t_sets ??= [], subscriptions, includeShared: false);
            if (subscriptions.Count == 0)
            {
                return;
            }
            foreach (var (session, (options, ids)) in PerSession(message, subscriptions))
            {
                var qos = (MqttQoS)Math.Min((byte)message.QoS, (byte)options.QoS);
                (t_queued ??= []).Add(store.EnqueueAsync(session.ClientId, new MqttClusterDelivery(message, qos, options.RetainAsPublished && message.Retain, ids)));
            }
        }
        finally
        {
            subscriptions.Clear();
        }
    }

    /// <summary>Whether a message for this session comes from its cluster queue instead of being routed to it here.</summary>
    private static bool QueuedInCluster(MqttSession session, MqttApplicationMessage message, MqttQoS qos) =>
        session.InCluster && qos != MqttQoS.AtMostOnce && !StaysOnNode(message.Topic);
}
