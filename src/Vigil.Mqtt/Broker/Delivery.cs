using Vigil.Mqtt.Protocol;

namespace Vigil.Mqtt.Broker;

/// <summary>A message on its way to one session, at the QoS and retain flag of that delivery.</summary>
internal sealed record Delivery(MqttApplicationMessage Message, MqttQoS QoS, bool Retain, List<int>? SubscriptionIds)
{
    /// <summary>Its id in the session log, when the session is persistent (0: not logged).</summary>
    public long StoreId { get; set; }

    /// <summary>Restored after a restart: it may have reached the client before, so it goes out flagged DUP.</summary>
    public bool Redelivery { get; init; }

    /// <summary>Taken from the cluster's queue for the session: settled there when the client acknowledges it.</summary>
    public IMqttDeliveryReceipt? Receipt { get; init; }
}
