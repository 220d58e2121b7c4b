using System.Buffers;

namespace Vigil.Mqtt.Protocol;

/// <summary>
/// A PUBLISH's fields as a value: the broker reads and writes one per message, so its read and write paths take
/// these rather than a <see cref="PublishPacket"/> object; the packet class wraps the same code.
/// </summary>
internal readonly struct PublishFields
{
    public required string Topic { get; init; }
    public ReadOnlyMemory<byte> Payload { get; init; }
    public MqttQoS QoS { get; init; }
    public bool Retain { get; init; }
    public bool Duplicate { get; init; }
    public ushort PacketId { get; init; }
    public MqttProperties? Properties { get; init; }

    public byte Flags => (byte)((Duplicate ? 0x08 : 0) | (byte)QoS << 1 | (Retain ? 1 : 0));

    public static PublishFields Read(FixedHeader header, ref SequenceReader<byte> body, MqttVersion version)
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
        return new PublishFields
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

    public int BodySize(MqttVersion version) =>
        PacketWriter.SizeOfString(Topic) + (QoS == MqttQoS.AtMostOnce ? 0 : 2) + Payload.Length
        + (version == MqttVersion.V500 ? PacketWriter.SizeOfProperties(Properties) : 0);

    /// <summary>The whole packet's size, fixed header included.</summary>
    public int Size(MqttVersion version)
    {
        var body = BodySize(version);
        return 1 + VariableByteInteger.SizeOf(body) + body;
    }

    /// <summary>Writes the whole packet; returns its size.</summary>
    public int Write(IBufferWriter<byte> output, MqttVersion version)
    {
        var body = BodySize(version);
        var size = 1 + VariableByteInteger.SizeOf(body) + body;
        var span = output.GetSpan(size);
        span[0] = (byte)((byte)PacketType.Publish << 4 | Flags);
        var offset = 1 + VariableByteInteger.Write(span[1..], body);
        WriteBody(span.Slice(offset, body), version);
        output.Advance(size);
        return size;
    }

    public void WriteBody(Span<byte> destination, MqttVersion version)
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
