using System.Buffers;

namespace Vigil.Mqtt.Protocol;

/// <summary>PUBLISH (§3.3).</summary>
public sealed class PublishPacket : MqttPacket
{
    /// <inheritdoc />
    public override PacketType Type => PacketType.Publish;
    /// <summary>Topic name; empty when a v5 topic alias stands for it.</summary>
    public required string Topic { get; init; }
    /// <summary>Application payload.</summary>
    public ReadOnlyMemory<byte> Payload { get; init; }
    /// <summary>Quality of service.</summary>
    public MqttQoS QoS { get; init; }
    /// <summary>Retain flag.</summary>
    public bool Retain { get; init; }
    /// <summary>Redelivery flag.</summary>
    public bool Duplicate { get; init; }
    /// <summary>Packet identifier (QoS 1 and 2 only).</summary>
    public ushort PacketId { get; init; }
    /// <summary>v5 properties.</summary>
    public MqttProperties? Properties { get; init; }

    internal override byte Flags => (byte)((Duplicate ? 0x08 : 0) | (byte)QoS << 1 | (Retain ? 1 : 0));

    internal static PublishPacket Parse(FixedHeader header, ref SequenceReader<byte> body, MqttVersion version)
    {
        var qos = (MqttQoS)((header.Flags >> 1) & 0x03);
        var topic = PacketReader.ReadString(ref body);
        if (topic.AsSpan().IndexOfAny('+', '#') >= 0)
        {
            throw new MqttProtocolException("wildcard in a PUBLISH topic", MqttProtocolException.TopicNameInvalid);
        }
        ushort packetId = 0;
        if (qos != MqttQoS.AtMostOnce && (packetId = PacketReader.ReadUInt16(ref body)) == 0)
        {
            throw new MqttProtocolException("packet identifier 0", MqttProtocolException.ProtocolError);
        }
        var properties = version == MqttVersion.V500 ? MqttProperties.Read(ref body, PacketType.Publish) : null;
        if (topic.Length == 0 && properties?.TopicAlias is null)
        {
            throw new MqttProtocolException("empty topic without a topic alias", version == MqttVersion.V500 ? MqttProtocolException.ProtocolError : MqttProtocolException.TopicNameInvalid);
        }
        return new PublishPacket
        {
            Topic = topic,
            QoS = qos,
            Retain = (header.Flags & 1) != 0,
            Duplicate = (header.Flags & 0x08) != 0,
            PacketId = packetId,
            Properties = properties,
            Payload = PacketReader.ReadBytes(ref body, body.Remaining),
        };
    }

    internal override int BodySize(MqttVersion version) =>
        PacketWriter.SizeOfString(Topic) + (QoS == MqttQoS.AtMostOnce ? 0 : 2) + Payload.Length
        + (version == MqttVersion.V500 ? PacketWriter.SizeOfProperties(Properties) : 0);

    internal override void WriteBody(Span<byte> destination, MqttVersion version)
    {
        var w = new BodyWriter(destination);
        w.String(Topic);
        if (QoS != MqttQoS.AtMostOnce)
        {
            w.UInt16(PacketId);
        }
        if (version == MqttVersion.V500)
        {
            w.Properties(Properties);
        }
        w.Bytes(Payload.Span);
    }
}
