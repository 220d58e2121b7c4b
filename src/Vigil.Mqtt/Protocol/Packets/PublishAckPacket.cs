using System.Buffers;

namespace Vigil.Mqtt.Protocol;

/// <summary>PUBACK, PUBREC, PUBREL and PUBCOMP (§3.4–3.7): a packet identifier and, in v5, a reason code.</summary>
public sealed class PublishAckPacket : MqttPacket
{
    /// <summary>Creates one of the four acknowledgements.</summary>
    public PublishAckPacket(PacketType type, ushort packetId, byte reasonCode = 0, MqttProperties? properties = null)
    {
        if (type is not (PacketType.PubAck or PacketType.PubRec or PacketType.PubRel or PacketType.PubComp))
        {
            throw new ArgumentOutOfRangeException(nameof(type));
        }
        Type = type;
        PacketId = packetId;
        ReasonCode = reasonCode;
        Properties = properties;
    }

    /// <inheritdoc />
    public override PacketType Type { get; }
    /// <summary>Packet identifier.</summary>
    public ushort PacketId { get; }
    /// <summary>v5 reason code; 0 is success.</summary>
    public byte ReasonCode { get; }
    /// <summary>v5 properties.</summary>
    public MqttProperties? Properties { get; }

    internal override byte Flags => Type == PacketType.PubRel ? (byte)0x02 : (byte)0;

    internal static PublishAckPacket Parse(PacketType type, ref SequenceReader<byte> body, MqttVersion version)
    {
        var packetId = PacketReader.ReadUInt16(ref body);
        if (packetId == 0)
        {
            throw new MqttProtocolException("packet identifier 0", MqttProtocolException.ProtocolError);
        }
        byte reason = 0;
        MqttProperties? properties = null;
        if (version == MqttVersion.V500 && body.Remaining > 0)
        {
            reason = PacketReader.ReadByte(ref body);
            properties = body.Remaining > 0 ? MqttProperties.Read(ref body, type) : null;
        }
        return new PublishAckPacket(type, packetId, reason, properties);
    }

    internal override int BodySize(MqttVersion version) =>
        version != MqttVersion.V500 || ReasonCode == 0 && Properties is null ? 2
        : Properties is null ? 3 : 3 + PacketWriter.SizeOfProperties(Properties);

    internal override void WriteBody(Span<byte> destination, MqttVersion version)
    {
        var w = new BodyWriter(destination);
        w.UInt16(PacketId);
        if (destination.Length > 2)
        {
            w.Byte(ReasonCode);
        }
        if (destination.Length > 3)
        {
            w.Properties(Properties);
        }
    }
}
