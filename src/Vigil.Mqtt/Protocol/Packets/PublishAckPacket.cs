using System.Buffers;
using System.Buffers.Binary;

namespace Vigil.Mqtt.Protocol;

/// <summary>PUBACK, PUBREC, PUBREL and PUBCOMP (§3.4–3.7): a packet identifier and, in v5, a reason code.</summary>
public sealed class PublishAckPacket : MqttPacket
{
    /// <summary>Creates one of the four acknowledgements.</summary>
    public PublishAckPacket(PacketType type, ushort packetId, byte reasonCode = 0, MqttProperties? properties = null)
    {
        if (!IsAcknowledgement(type))
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

    internal override byte Flags => FlagsOf(Type);

    /// <summary>Whether the packet type is one of the four acknowledgements.</summary>
    public static bool IsAcknowledgement(PacketType type) => type is PacketType.PubAck or PacketType.PubRec or PacketType.PubRel or PacketType.PubComp;

    /// <summary>
    /// Writes an acknowledgement without properties from its fields alone, as <see cref="PacketWriter.Write"/> writes
    /// the packet: a broker sends one per QoS 1/2 message, so no packet object. Returns its size.
    /// </summary>
    internal static int Write(IBufferWriter<byte> output, PacketType type, ushort packetId, byte reasonCode, MqttVersion version)
    {
        var body = version == MqttVersion.V500 && reasonCode != 0 ? 3 : 2;
        var span = output.GetSpan(2 + body);
        span[0] = (byte)((byte)type << 4 | FlagsOf(type));
        span[1] = (byte)body;
        BinaryPrimitives.WriteUInt16BigEndian(span[2..], packetId);
        if (body == 3)
        {
            span[4] = reasonCode;
        }
        output.Advance(2 + body);
        return 2 + body;
    }

    internal static ushort ReadPacketId(ref SequenceReader<byte> body)
    {
        var packetId = PacketReader.ReadUInt16(ref body);
        return packetId != 0 ? packetId : throw new MqttProtocolException("packet identifier 0", MqttProtocolException.ProtocolError);
    }

    private static byte FlagsOf(PacketType type) => type == PacketType.PubRel ? (byte)0x02 : (byte)0;

    internal static PublishAckPacket Parse(PacketType type, ref SequenceReader<byte> body, MqttVersion version)
    {
        var packetId = ReadPacketId(ref body);
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
