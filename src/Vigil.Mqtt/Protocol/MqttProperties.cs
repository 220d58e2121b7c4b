using System.Buffers;
using System.Buffers.Binary;

namespace Vigil.Mqtt.Protocol;

/// <summary>
/// The MQTT 5.0 properties of one packet (§2.2.2). Absent properties are null; user properties and
/// subscription identifiers may repeat, every other property may appear at most once.
/// </summary>
public sealed class MqttProperties
{
    /// <summary>0x01: 1 when the payload is UTF-8 text.</summary>
    public byte? PayloadFormatIndicator { get; set; }
    /// <summary>0x02: seconds the message stays deliverable.</summary>
    public uint? MessageExpiryInterval { get; set; }
    /// <summary>0x03: MIME type of the payload.</summary>
    public string? ContentType { get; set; }
    /// <summary>0x08: topic for the response (request/response).</summary>
    public string? ResponseTopic { get; set; }
    /// <summary>0x09: opaque bytes echoed in the response.</summary>
    public byte[]? CorrelationData { get; set; }
    /// <summary>0x0B: subscription identifiers (one on SUBSCRIBE, any number on PUBLISH).</summary>
    public List<int>? SubscriptionIdentifiers { get; set; }
    /// <summary>0x11: seconds the session outlives the connection.</summary>
    public uint? SessionExpiryInterval { get; set; }
    /// <summary>0x12: the client identifier the server chose.</summary>
    public string? AssignedClientIdentifier { get; set; }
    /// <summary>0x13: the keep-alive the server imposes.</summary>
    public ushort? ServerKeepAlive { get; set; }
    /// <summary>0x15: enhanced authentication method.</summary>
    public string? AuthenticationMethod { get; set; }
    /// <summary>0x16: enhanced authentication data.</summary>
    public byte[]? AuthenticationData { get; set; }
    /// <summary>0x17: whether the client wants reason strings on failures.</summary>
    public byte? RequestProblemInformation { get; set; }
    /// <summary>0x18: seconds between disconnection and publishing the will.</summary>
    public uint? WillDelayInterval { get; set; }
    /// <summary>0x19: whether the client wants response information.</summary>
    public byte? RequestResponseInformation { get; set; }
    /// <summary>0x1A: basis for response topics.</summary>
    public string? ResponseInformation { get; set; }
    /// <summary>0x1C: another server to use.</summary>
    public string? ServerReference { get; set; }
    /// <summary>0x1F: human-readable reason.</summary>
    public string? ReasonString { get; set; }
    /// <summary>0x21: how many QoS 1/2 publishes the sender accepts unacknowledged.</summary>
    public ushort? ReceiveMaximum { get; set; }
    /// <summary>0x22: the highest topic alias the sender accepts.</summary>
    public ushort? TopicAliasMaximum { get; set; }
    /// <summary>0x23: the topic alias of this PUBLISH.</summary>
    public ushort? TopicAlias { get; set; }
    /// <summary>0x24: highest QoS the server supports.</summary>
    public byte? MaximumQoS { get; set; }
    /// <summary>0x25: whether retained messages are supported.</summary>
    public byte? RetainAvailable { get; set; }
    /// <summary>0x26: application name/value pairs, in order.</summary>
    public List<KeyValuePair<string, string>>? UserProperties { get; set; }
    /// <summary>0x27: the largest packet the sender accepts.</summary>
    public uint? MaximumPacketSize { get; set; }
    /// <summary>0x28: whether wildcard subscriptions are supported.</summary>
    public byte? WildcardSubscriptionAvailable { get; set; }
    /// <summary>0x29: whether subscription identifiers are supported.</summary>
    public byte? SubscriptionIdentifierAvailable { get; set; }
    /// <summary>0x2A: whether shared subscriptions are supported.</summary>
    public byte? SharedSubscriptionAvailable { get; set; }

    /// <summary>Adds a user property.</summary>
    public MqttProperties AddUserProperty(string name, string value)
    {
        (UserProperties ??= []).Add(new(name, value));
        return this;
    }

    /// <summary>A shallow copy (lists copied, byte arrays shared: they are never mutated).</summary>
    public MqttProperties Clone()
    {
        var copy = (MqttProperties)MemberwiseClone();
        copy.UserProperties = UserProperties is null ? null : [.. UserProperties];
        copy.SubscriptionIdentifiers = SubscriptionIdentifiers is null ? null : [.. SubscriptionIdentifiers];
        return copy;
    }

    /// <summary>
    /// Reads the property length and the properties that follow; null when there are none. The caller
    /// has already buffered the whole packet, so running out of bytes is malformed.
    /// </summary>
    /// <exception cref="MqttProtocolException">Malformed, duplicated or not allowed in <paramref name="packet"/>.</exception>
    public static MqttProperties? Read(ref SequenceReader<byte> reader, PacketType packet, bool will = false)
    {
        if (!VariableByteInteger.TryRead(ref reader, out var length) || reader.Remaining < length)
        {
            throw new MqttProtocolException("property length runs past the packet");
        }
        if (length == 0)
        {
            return null;
        }
        var end = reader.Consumed + length;
        var properties = new MqttProperties();
        var seen = 0UL;
        while (reader.Consumed < end)
        {
            var id = PacketReader.ReadByte(ref reader);
            if (!PropertyRules.IsAllowed(id, packet, will))
            {
                throw new MqttProtocolException($"property 0x{id:X2} is not allowed here", MqttProtocolException.ProtocolError);
            }
            if (id is not (0x26 or 0x0B) && (seen & (1UL << id)) != 0)
            {
                throw new MqttProtocolException($"property 0x{id:X2} appears twice", MqttProtocolException.ProtocolError);
            }
            seen |= 1UL << id;
            properties.ReadOne(id, ref reader);
        }
        if (reader.Consumed != end)
        {
            throw new MqttProtocolException("property runs past the property length");
        }
        return properties;
    }

    private void ReadOne(byte id, ref SequenceReader<byte> reader)
    {
        switch (id)
        {
            case 0x01: PayloadFormatIndicator = PacketReader.ReadFlag(ref reader); break;
            case 0x02: MessageExpiryInterval = PacketReader.ReadUInt32(ref reader); break;
            case 0x03: ContentType = PacketReader.ReadString(ref reader); break;
            case 0x08: ResponseTopic = PacketReader.ReadString(ref reader); break;
            case 0x09: CorrelationData = PacketReader.ReadBinary(ref reader); break;
            case 0x0B:
                var subscriptionId = PacketReader.ReadVariableInteger(ref reader);
                if (subscriptionId == 0)
                {
                    throw new MqttProtocolException("subscription identifier 0", MqttProtocolException.ProtocolError);
                }
                (SubscriptionIdentifiers ??= []).Add(subscriptionId);
                break;
            case 0x11: SessionExpiryInterval = PacketReader.ReadUInt32(ref reader); break;
            case 0x12: AssignedClientIdentifier = PacketReader.ReadString(ref reader); break;
            case 0x13: ServerKeepAlive = PacketReader.ReadUInt16(ref reader); break;
            case 0x15: AuthenticationMethod = PacketReader.ReadString(ref reader); break;
            case 0x16: AuthenticationData = PacketReader.ReadBinary(ref reader); break;
            case 0x17: RequestProblemInformation = PacketReader.ReadFlag(ref reader); break;
            case 0x18: WillDelayInterval = PacketReader.ReadUInt32(ref reader); break;
            case 0x19: RequestResponseInformation = PacketReader.ReadFlag(ref reader); break;
            case 0x1A: ResponseInformation = PacketReader.ReadString(ref reader); break;
            case 0x1C: ServerReference = PacketReader.ReadString(ref reader); break;
            case 0x1F: ReasonString = PacketReader.ReadString(ref reader); break;
            case 0x21: ReceiveMaximum = NonZero(PacketReader.ReadUInt16(ref reader), "receive maximum"); break;
            case 0x22: TopicAliasMaximum = PacketReader.ReadUInt16(ref reader); break;
            case 0x23: TopicAlias = PacketReader.ReadUInt16(ref reader); break;
            case 0x24: MaximumQoS = PacketReader.ReadFlag(ref reader); break;
            case 0x25: RetainAvailable = PacketReader.ReadFlag(ref reader); break;
            case 0x26:
                var name = PacketReader.ReadString(ref reader);
                AddUserProperty(name, PacketReader.ReadString(ref reader));
                break;
            case 0x27: MaximumPacketSize = NonZero(PacketReader.ReadUInt32(ref reader), "maximum packet size"); break;
            case 0x28: WildcardSubscriptionAvailable = PacketReader.ReadFlag(ref reader); break;
            case 0x29: SubscriptionIdentifierAvailable = PacketReader.ReadFlag(ref reader); break;
            case 0x2A: SharedSubscriptionAvailable = PacketReader.ReadFlag(ref reader); break;
            default: throw new MqttProtocolException($"unknown property 0x{id:X2}");
        }
    }

    private static T NonZero<T>(T value, string what) where T : struct, IEquatable<T> =>
        value.Equals(default) ? throw new MqttProtocolException($"{what} of 0", MqttProtocolException.ProtocolError) : value;

    /// <summary>Bytes of the properties without the length prefix.</summary>
    public int Size()
    {
        var writer = new PropertyWriter(Span<byte>.Empty, measureOnly: true);
        WriteTo(ref writer);
        return writer.Written;
    }

    /// <summary>Writes the properties (without the length prefix); returns the bytes written.</summary>
    public int Write(Span<byte> destination)
    {
        var writer = new PropertyWriter(destination, measureOnly: false);
        WriteTo(ref writer);
        return writer.Written;
    }

    private void WriteTo(ref PropertyWriter w)
    {
        w.Byte(0x01, PayloadFormatIndicator);
        w.UInt32(0x02, MessageExpiryInterval);
        w.String(0x03, ContentType);
        w.String(0x08, ResponseTopic);
        w.Binary(0x09, CorrelationData);
        foreach (var id in SubscriptionIdentifiers ?? [])
        {
            w.Variable(0x0B, id);
        }
        w.UInt32(0x11, SessionExpiryInterval);
        w.String(0x12, AssignedClientIdentifier);
        w.UInt16(0x13, ServerKeepAlive);
        w.String(0x15, AuthenticationMethod);
        w.Binary(0x16, AuthenticationData);
        w.Byte(0x17, RequestProblemInformation);
        w.UInt32(0x18, WillDelayInterval);
        w.Byte(0x19, RequestResponseInformation);
        w.String(0x1A, ResponseInformation);
        w.String(0x1C, ServerReference);
        w.String(0x1F, ReasonString);
        w.UInt16(0x21, ReceiveMaximum);
        w.UInt16(0x22, TopicAliasMaximum);
        w.UInt16(0x23, TopicAlias);
        w.Byte(0x24, MaximumQoS);
        w.Byte(0x25, RetainAvailable);
        foreach (var (name, value) in UserProperties ?? [])
        {
            w.Pair(0x26, name, value);
        }
        w.UInt32(0x27, MaximumPacketSize);
        w.Byte(0x28, WildcardSubscriptionAvailable);
        w.Byte(0x29, SubscriptionIdentifierAvailable);
        w.Byte(0x2A, SharedSubscriptionAvailable);
    }

    /// <summary>Measures or writes properties with one code path, so size and bytes cannot disagree.</summary>
    private ref struct PropertyWriter(Span<byte> destination, bool measureOnly)
    {
        private readonly Span<byte> _destination = destination;
        public int Written;

        public void Byte(byte id, byte? value)
        {
            if (value is { } v)
            {
                Put(id);
                Put(v);
            }
        }

        public void UInt16(byte id, ushort? value)
        {
            if (value is { } v)
            {
                Put(id);
                if (!measureOnly) BinaryPrimitives.WriteUInt16BigEndian(_destination[Written..], v);
                Written += 2;
            }
        }

        public void UInt32(byte id, uint? value)
        {
            if (value is { } v)
            {
                Put(id);
                if (!measureOnly) BinaryPrimitives.WriteUInt32BigEndian(_destination[Written..], v);
                Written += 4;
            }
        }

        public void Variable(byte id, int value)
        {
            Put(id);
            Written += measureOnly ? VariableByteInteger.SizeOf(value) : VariableByteInteger.Write(_destination[Written..], value);
        }

        public void String(byte id, string? value)
        {
            if (value is not null)
            {
                Put(id);
                Text(value);
            }
        }

        public void Pair(byte id, string name, string value)
        {
            Put(id);
            Text(name);
            Text(value);
        }

        public void Binary(byte id, byte[]? value)
        {
            if (value is not null)
            {
                Put(id);
                if (!measureOnly) PacketWriter.WriteBinary(_destination[Written..], value);
                Written += 2 + value.Length;
            }
        }

        private void Text(string value) =>
            Written += measureOnly ? PacketWriter.SizeOfString(value) : MqttUtf8.Write(_destination[Written..], value);

        private void Put(byte value)
        {
            if (!measureOnly) _destination[Written] = value;
            Written++;
        }
    }
}
