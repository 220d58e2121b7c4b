using Vigil.Mqtt.Protocol;

namespace Vigil.Mqtt.Broker;

/// <summary>An item for a connection's writer: a ready packet, or a delivery still to be encoded for that client.</summary>
internal readonly record struct Outgoing(Delivery? Delivery, ushort PacketId, bool Duplicate, MqttPacket? Packet = null)
{
    public Outgoing(MqttPacket packet)
        : this(null, 0, false, packet)
    {
    }
}
