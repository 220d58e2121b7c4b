namespace Vigil.Mqtt.Protocol;

/// <summary>One MQTT control packet. Encoding and decoding live in <see cref="PacketWriter"/> and <see cref="PacketReader"/>.</summary>
public abstract class MqttPacket
{
    /// <summary>The packet type.</summary>
    public abstract PacketType Type { get; }

    internal virtual byte Flags => 0;

    internal abstract int BodySize(MqttVersion version);

    internal abstract void WriteBody(Span<byte> destination, MqttVersion version);
}
