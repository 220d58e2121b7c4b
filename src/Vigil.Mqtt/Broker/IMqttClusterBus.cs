namespace Vigil.Mqtt.Broker;

/// <summary>
/// The seam between one broker node and the rest of its cluster. The broker tells the bus what changes locally
/// (interest, published messages, retained messages, client ids); the bus carries that to the other nodes over a
/// transport of its own and calls back with <see cref="MqttBroker.DeliverFromCluster"/>,
/// <see cref="MqttBroker.DeliverSharedFromCluster"/>, <see cref="MqttBroker.SetRetainedFromCluster"/> and
/// <see cref="MqttBroker.TakeOverFromCluster"/>. With a bus, members of shared subscriptions get messages only
/// through the bus, so that each message reaches one member cluster-wide.
/// </summary>
/// <remarks>Calls come from connection threads, some under the broker's locks: an implementation must not block.</remarks>
public interface IMqttClusterBus
{
    /// <summary>The first local subscription to <paramref name="interest"/> appeared on this node.</summary>
    void InterestAdded(MqttInterest interest);

    /// <summary>The last local subscription to <paramref name="interest"/> went away.</summary>
    void InterestRemoved(MqttInterest interest);

    /// <summary>A message accepted on this node (after interception), already delivered to its local direct subscribers.</summary>
    void Forward(MqttApplicationMessage message);

    /// <summary>A retained message was stored (or, with an empty payload, cleared) on this node.</summary>
    void RetainedChanged(MqttApplicationMessage message);

    /// <summary>A client completed CONNECT here: a connection with the same id on another node must end.</summary>
    void ClientConnected(string clientId);

    /// <summary>The cluster's figures for <c>$SYS/broker/cluster/…</c>, when the bus knows them.</summary>
    MqttClusterTotals? Totals { get; }
}
