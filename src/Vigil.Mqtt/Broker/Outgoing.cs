using Vigil.Mqtt.Protocol;

namespace Vigil.Mqtt.Broker;

/// <summary>
/// An item for a connection's writer: a ready packet, a delivery still to be encoded for that client, or a
/// PUBACK/PUBREC/PUBREL/PUBCOMP (<see cref="Acknowledgement"/>) encoded from its packet id and reason code alone.
/// </summary>
internal readonly record struct Outgoing(Delivery? Delivery, ushort PacketId, bool Duplicate, MqttPacket? Packet = null,
    PacketType Acknowledgement = 0, byte ReasonCode = 0)
{
    public Outgoing(MqttPacket packet)
        : this(null, 0, false, packet)
    {
    }

    /// <summary>One of the four acknowledgements without properties: every QoS 1/2 message has one, so no packet object.</summary>
    public static Outgoing Ack(PacketType type, ushort packetId, byte reasonCode = 0) => new(null, packetId, false, null, type, reasonCode);
}
