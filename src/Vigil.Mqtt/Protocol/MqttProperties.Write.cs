using System.Buffers.Binary;

namespace Vigil.Mqtt.Protocol;

// Encoding: one pass that either measures or writes.
public sealed partial class MqttProperties
{
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
