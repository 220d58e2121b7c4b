using System.Buffers;
using System.Buffers.Binary;
using Vigil.Mqtt.Protocol;

namespace Vigil.Mqtt.Broker;

/// <summary>
/// A message as one node hands it to another: everything but the topic (which the transport carries), plus the
/// origin node and its sequence number, so a receiver can skip its own messages and copies it already routed.
/// Layout: version (1), flags (QoS, retain, expiry, properties), origin (16), sequence (8, little-endian),
/// [expiry: Unix milliseconds, 8], [properties: MQTT 5 length-prefixed], payload.
/// </summary>
public static class MqttClusterEnvelope
{
    private const byte Version = 1;
    private const int HeaderSize = 26;

    /// <summary>The envelope's size for <paramref name="message"/>.</summary>
    public static int SizeOf(MqttApplicationMessage message)
    {
        var size = HeaderSize + message.Payload.Length + (message.ExpiresAt is null ? 0 : 8);
        if (message.Properties is { } properties)
        {
            var length = properties.Size();
            size += VariableByteInteger.SizeOf(length) + length;
        }
        return size;
    }

    /// <summary>Writes the envelope of <paramref name="message"/> into <paramref name="destination"/> (<see cref="SizeOf"/> bytes).</summary>
    public static void Write(Span<byte> destination, MqttApplicationMessage message, Guid origin, ulong sequence)
    {
        var properties = message.Properties;
        destination[0] = Version;
        destination[1] = (byte)((byte)message.QoS | (message.Retain ? 4 : 0) | (message.ExpiresAt is null ? 0 : 8) | (properties is null ? 0 : 16));
        origin.TryWriteBytes(destination[2..18]);
        BinaryPrimitives.WriteUInt64LittleEndian(destination[18..], sequence);
        var at = HeaderSize;
        if (message.ExpiresAt is { } expiresAt)
        {
            BinaryPrimitives.WriteInt64LittleEndian(destination[at..], expiresAt.ToUnixTimeMilliseconds());
            at += 8;
        }
        if (properties is not null)
        {
            var length = properties.Size();
            at += VariableByteInteger.Write(destination[at..], length);
            at += properties.Write(destination[at..]);
        }
        message.Payload.Span.CopyTo(destination[at..]);
    }

    /// <summary>Reads an envelope for <paramref name="topic"/>; false when it is not one this version writes.</summary>
    public static bool TryRead(string topic, ReadOnlySequence<byte> data, out MqttApplicationMessage message, out Guid origin, out ulong sequence)
    {
        message = null!;
        origin = Guid.Empty;
        sequence = 0;
        var reader = new SequenceReader<byte>(data);
        Span<byte> header = stackalloc byte[HeaderSize];
        if (!reader.TryCopyTo(header) || header[0] != Version || (header[1] & 3) == 3)
        {
            return false;
        }
        reader.Advance(HeaderSize);
        var flags = header[1];
        origin = new Guid(header[2..18]);
        sequence = BinaryPrimitives.ReadUInt64LittleEndian(header[18..]);
        DateTimeOffset? expiresAt = null;
        if ((flags & 8) != 0)
        {
            if (!reader.TryReadLittleEndian(out long milliseconds) || !UnixMilliseconds.TryToTime(milliseconds, out var expiry))
            {
                return false;
            }
            expiresAt = expiry;
        }
        MqttProperties? properties = null;
        if ((flags & 16) != 0)
        {
            try
            {
                properties = MqttProperties.Read(ref reader, PacketType.Publish);
            }
            catch (MqttProtocolException)
            {
                return false;
            }
        }
        message = new MqttApplicationMessage
        {
            Topic = topic,
            QoS = (MqttQoS)(flags & 3),
            Retain = (flags & 4) != 0,
            Properties = properties,
            ExpiresAt = expiresAt,
            Payload = reader.UnreadSequence.ToArray(),
        };
        return true;
    }
}
