using Vigil.Mqtt.Protocol;

namespace Vigil.Mqtt.Broker;

/// <summary>
/// A cluster's store of persistent sessions, so that a client resumes its session on any node, with every message
/// queued for it, even after the node that held it died. Every node mirrors every session's record (the bus calls
/// <see cref="MqttBroker.SessionStoredInCluster"/> and <see cref="MqttBroker.SessionRemovedFromCluster"/>), so the
/// node where a message is published queues it for each persistent session it matches; the node a session is
/// attached to delivers that queue (<see cref="MqttBroker.DeliverFromClusterQueue"/>).
/// </summary>
/// <remarks>Calls come from connection threads, some under the broker's locks: an implementation must not block.</remarks>
public interface IMqttClusterSessions
{
    /// <summary>Whether the mirror holds every stored session; until then a persistent session cannot be resumed here.</summary>
    bool IsReady { get; }

    /// <summary>
    /// Stores a session's record (it was created or resumed, subscribed, unsubscribed or went offline), after every
    /// change saved before it; the task completes once the store holds it (SUBACK and UNSUBACK wait for it).
    /// </summary>
    Task Save(MqttClusterSession session);

    /// <summary>
    /// Reads a session's record from the store itself (null: it holds none), for a client that connects here before
    /// the record reached this node's mirror.
    /// </summary>
    Task<MqttClusterSession?> ReadAsync(string clientId, CancellationToken cancellationToken);

    /// <summary>Forgets a session and its queue (it ended: clean start, expiry 0, or its expiry passed).</summary>
    void Remove(string clientId);

    /// <summary>Queues a message for a persistent session; the task completes once the store holds it (it fails if it cannot).</summary>
    Task EnqueueAsync(string clientId, MqttClusterDelivery delivery);

    /// <summary>The session is on this node: deliver its queue here until <see cref="Detach"/> or <see cref="Release"/>.</summary>
    void Attach(string clientId);

    /// <summary>The session's client went offline; this node still holds the session (and what it had in flight).</summary>
    void Detach(string clientId);

    /// <summary>This node no longer holds the session (another node took it over): what it had in flight goes back to the queue.</summary>
    void Release(string clientId);
}

/// <summary>A persistent session as the cluster stores it: enough to resume it on any node.</summary>
public sealed record MqttClusterSession(string ClientId, uint ExpiryInterval, DateTimeOffset? DisconnectedAt, IReadOnlyList<MqttClusterSubscription> Subscriptions);

/// <summary>One subscription of a stored session: the filter as the client sent it, the options' wire byte, the identifier (0: none).</summary>
public readonly record struct MqttClusterSubscription(string Filter, byte Options, int Identifier);

/// <summary>A message queued for one persistent session, at the QoS and retain flag of that delivery.</summary>
public sealed record MqttClusterDelivery(MqttApplicationMessage Message, MqttQoS QoS, bool Retain, IReadOnlyList<int>? SubscriptionIds);

/// <summary>How the broker settles a delivery taken from a cluster queue.</summary>
public interface IMqttDeliveryReceipt
{
    /// <summary>The client acknowledged it (PUBACK, or PUBREC for QoS 2): it leaves the queue.</summary>
    void Acknowledged();

    /// <summary>The node could not keep it (no session here, or its queue was full): the store delivers it again later.</summary>
    void Returned();
}
