using System.Buffers;

namespace Vigil.Mqtt.Protocol;

// Decoding: each property is checked against the packet it appears in.
public sealed partial class MqttProperties
{
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
}
