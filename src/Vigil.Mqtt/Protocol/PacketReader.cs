using System.Buffers;

namespace Vigil.Mqtt.Protocol;

/// <summary>
/// Cuts whole packets off a pipe's buffer and decodes them. Only a complete packet is decoded, so the
/// field readers treat running out of bytes as malformed, never as "need more".
/// </summary>
public static class PacketReader
{
    /// <summary>
    /// Decodes one packet from the front of <paramref name="buffer"/> and slices it off; false when the
    /// packet is not complete yet. <paramref name="version"/> is null before CONNECT, when only CONNECT
    /// is acceptable.
    /// </summary>
    /// <exception cref="MqttProtocolException">The packet breaks the protocol.</exception>
    public static bool TryRead(ref ReadOnlySequence<byte> buffer, MqttVersion? version, int maximumPacketSize, out MqttPacket packet)
    {
        packet = null!;
        if (!TryCut(buffer, maximumPacketSize, out var header, out var bodySequence))
        {
            return false;
        }
        var body = new SequenceReader<byte>(bodySequence);
        if (version is null && header.Type != PacketType.Connect)
        {
            throw new MqttProtocolException($"{header.Type} before CONNECT", MqttProtocolException.ProtocolError);
        }
        packet = Decode(header, ref body, version ?? MqttVersion.V500);
        EnsureConsumed(header, body);
        buffer = buffer.Slice(bodySequence.End);
        return true;
    }

    /// <summary>
    /// Slices off the PUBLISH at the front of <paramref name="buffer"/>, decoded into a value rather than a
    /// <see cref="PublishPacket"/> (a broker reads one per message). False for any other packet, or one not complete
    /// yet: <see cref="TryRead"/> takes those. Only after CONNECT, with the connection's <paramref name="version"/>.
    /// </summary>
    /// <exception cref="MqttProtocolException">The packet breaks the protocol.</exception>
    internal static bool TryReadPublish(ref ReadOnlySequence<byte> buffer, MqttVersion version, int maximumPacketSize, out PublishFields publish)
    {
        publish = default;
        if (!TryPeek(buffer, out var first) || (PacketType)(first >> 4) != PacketType.Publish
            || !TryCut(buffer, maximumPacketSize, out var header, out var bodySequence))
        {
            return false;
        }
        var body = new SequenceReader<byte>(bodySequence);
        publish = PublishFields.Read(header, ref body, version);
        EnsureConsumed(header, body);
        buffer = buffer.Slice(bodySequence.End);
        return true;
    }

    /// <summary>
    /// The buffer's first byte. Its first span may be empty while later segments are not: a pipe hands over a buffer that
    /// starts at the end of a segment the previous read consumed up to.
    /// </summary>
    private static bool TryPeek(in ReadOnlySequence<byte> buffer, out byte first)
    {
        var span = buffer.FirstSpan;
        if (span.IsEmpty)
        {
            return new SequenceReader<byte>(buffer).TryPeek(out first);
        }
        first = span[0];
        return true;
    }

    /// <summary>The fixed header and the body of the whole packet at the front of the buffer; false while it is incomplete.</summary>
    private static bool TryCut(ReadOnlySequence<byte> buffer, int maximumPacketSize, out FixedHeader header, out ReadOnlySequence<byte> body)
    {
        body = default;
        var reader = new SequenceReader<byte>(buffer);
        if (!FixedHeader.TryRead(ref reader, maximumPacketSize, out header) || reader.Remaining < header.RemainingLength)
        {
            return false;
        }
        body = reader.UnreadSequence.Slice(0, header.RemainingLength);
        return true;
    }

    private static void EnsureConsumed(FixedHeader header, SequenceReader<byte> body)
    {
        if (body.Remaining != 0)
        {
            throw new MqttProtocolException($"{body.Remaining} bytes left over in {header.Type}");
        }
    }

    /// <summary>
    /// Slices off the PUBACK, PUBREC, PUBREL or PUBCOMP at the front of <paramref name="buffer"/> when it carries no
    /// properties, decoded without allocating (a broker reads one per QoS 1/2 delivery). False for any other packet,
    /// one with properties, or one not complete yet: <see cref="TryRead"/> takes those.
    /// </summary>
    /// <exception cref="MqttProtocolException">The packet breaks the protocol.</exception>
    public static bool TryReadAcknowledgement(ref ReadOnlySequence<byte> buffer, MqttVersion version, int maximumPacketSize,
        out PacketType type, out ushort packetId, out byte reasonCode)
    {
        (type, packetId, reasonCode) = (0, 0, 0);
        var reader = new SequenceReader<byte>(buffer);
        if (!reader.TryPeek(out var first) || !PublishAckPacket.IsAcknowledgement((PacketType)(first >> 4))
            || !FixedHeader.TryRead(ref reader, maximumPacketSize, out var header)
            || header.RemainingLength is not 2 and not 3 || reader.Remaining < header.RemainingLength
            || header.RemainingLength == 3 && version != MqttVersion.V500)
        {
            return false;
        }
        packetId = PublishAckPacket.ReadPacketId(ref reader);
        reasonCode = header.RemainingLength == 3 ? ReadByte(ref reader) : (byte)0;
        type = header.Type;
        buffer = buffer.Slice(reader.Position);
        return true;
    }

    private static MqttPacket Decode(FixedHeader header, ref SequenceReader<byte> body, MqttVersion version) => header.Type switch
    {
        PacketType.Connect => ConnectPacket.Parse(ref body),
        PacketType.ConnAck => ConnAckPacket.Parse(ref body, version),
        PacketType.Publish => PublishPacket.Parse(header, ref body, version),
        PacketType.PubAck or PacketType.PubRec or PacketType.PubRel or PacketType.PubComp => PublishAckPacket.Parse(header.Type, ref body, version),
        PacketType.Subscribe => SubscribePacket.Parse(ref body, version),
        PacketType.SubAck or PacketType.UnsubAck => SubAckPacket.Parse(header.Type, ref body, version),
        PacketType.Unsubscribe => UnsubscribePacket.Parse(ref body, version),
        PacketType.PingReq => PingPacket.Request,
        PacketType.PingResp => PingPacket.Response,
        PacketType.Disconnect => DisconnectPacket.Parse(ref body, version),
        PacketType.Auth => version == MqttVersion.V500
            ? AuthPacket.Parse(ref body)
            : throw new MqttProtocolException("AUTH is MQTT 5.0 only", MqttProtocolException.ProtocolError),
        _ => throw new MqttProtocolException($"packet type {header.Type} is reserved"),
    };

    internal static byte ReadByte(ref SequenceReader<byte> reader) =>
        reader.TryRead(out var value) ? value : throw Truncated();

    internal static byte ReadFlag(ref SequenceReader<byte> reader)
    {
        var value = ReadByte(ref reader);
        return value <= 1 ? value : throw new MqttProtocolException($"flag property of {value}", MqttProtocolException.ProtocolError);
    }

    internal static ushort ReadUInt16(ref SequenceReader<byte> reader) =>
        reader.TryReadBigEndian(out short value) ? (ushort)value : throw Truncated();

    internal static uint ReadUInt32(ref SequenceReader<byte> reader) =>
        reader.TryReadBigEndian(out int value) ? (uint)value : throw Truncated();

    internal static int ReadVariableInteger(ref SequenceReader<byte> reader) =>
        VariableByteInteger.TryRead(ref reader, out var value) ? value : throw Truncated();

    internal static string ReadString(ref SequenceReader<byte> reader) =>
        MqttUtf8.TryRead(ref reader, out var value) ? value : throw Truncated();

    internal static byte[] ReadBinary(ref SequenceReader<byte> reader)
    {
        var length = ReadUInt16(ref reader);
        return ReadBytes(ref reader, length);
    }

    internal static byte[] ReadBytes(ref SequenceReader<byte> reader, long length)
    {
        if (reader.Remaining < length)
        {
            throw Truncated();
        }
        var bytes = reader.UnreadSequence.Slice(0, length).ToArray();
        reader.Advance(length);
        return bytes;
    }

    private static MqttProtocolException Truncated() => new("packet ends in the middle of a field");
}
