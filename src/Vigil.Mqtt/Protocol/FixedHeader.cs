using System.Buffers;

namespace Vigil.Mqtt.Protocol;

/// <summary>The two-to-five-byte header in front of every MQTT packet: type, flags and remaining length.</summary>
public readonly record struct FixedHeader(PacketType Type, byte Flags, int RemainingLength)
{
    /// <summary>
    /// Reads a fixed header and checks the flags the specification reserves (§2.2.2); false when more
    /// bytes are needed. A remaining length beyond <paramref name="maximumPacketSize"/> is refused before
    /// any of the body is buffered.
    /// </summary>
    /// <exception cref="MqttProtocolException">Reserved type, wrong flags, malformed length, or too large.</exception>
    public static bool TryRead(ref SequenceReader<byte> reader, int maximumPacketSize, out FixedHeader header)
    {
        header = default;
        var start = reader.Consumed;
        if (!reader.TryRead(out var first))
        {
            return false;
        }
        if (!VariableByteInteger.TryRead(ref reader, out var remaining))
        {
            reader.Rewind(reader.Consumed - start);
            return false;
        }
        var type = (PacketType)(first >> 4);
        var flags = (byte)(first & 0x0F);
        if (first >> 4 == 0)
        {
            throw new MqttProtocolException("packet type 0 is reserved");
        }
        if (!FlagsAllowed(type, flags))
        {
            throw new MqttProtocolException($"flags 0x{flags:X} are not allowed on {type}");
        }
        var total = (int)(reader.Consumed - start) + remaining;
        if (total > maximumPacketSize)
        {
            throw new MqttProtocolException($"packet of {total} bytes exceeds the maximum of {maximumPacketSize}", MqttProtocolException.PacketTooLarge);
        }
        header = new FixedHeader(type, flags, remaining);
        return true;
    }

    /// <summary>PUBLISH carries DUP/QoS/RETAIN (QoS 3 is malformed); PUBREL, SUBSCRIBE and UNSUBSCRIBE must be 0010; all others 0000.</summary>
    private static bool FlagsAllowed(PacketType type, byte flags) => type switch
    {
        PacketType.Publish => (flags & 0b0110) != 0b0110,
        PacketType.PubRel or PacketType.Subscribe or PacketType.Unsubscribe => flags == 0b0010,
        _ => flags == 0,
    };
}
