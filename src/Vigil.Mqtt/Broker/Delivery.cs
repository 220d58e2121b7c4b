using Vigil.Mqtt.Protocol;

namespace Vigil.Mqtt.Broker;

/// <summary>
/// A message on its way to one session, at the QoS and retain flag of that delivery. While a QoS 1/2 delivery is
/// in flight it is also the session's record of it (packet id, order sent): one object per message and session.
/// </summary>
internal sealed class Delivery(MqttApplicationMessage message, MqttQoS qos, bool retain, List<int>? subscriptionIds)
{
    public MqttApplicationMessage Message { get; } = message;
    public MqttQoS QoS { get; } = qos;
    public bool Retain { get; } = retain;
    public List<int>? SubscriptionIds { get; } = subscriptionIds;

    /// <summary>Its id in the session log, when the session is persistent (0: not logged).</summary>
    public long StoreId { get; set; }

    /// <summary>Restored after a restart: it may have reached the client before, so it goes out flagged DUP.</summary>
    public bool Redelivery { get; init; }

    /// <summary>Taken from the cluster's queue for the session: settled there when the client acknowledges it.</summary>
    public IMqttDeliveryReceipt? Receipt { get; init; }

    // In flight, under the session's gate: its packet id, whether PUBREL was sent (QoS 2), and the order sent.
    public ushort PacketId { get; set; }
    public bool Released { get; set; }
    public Delivery? Previous { get; set; }
    public Delivery? Next { get; set; }
}
