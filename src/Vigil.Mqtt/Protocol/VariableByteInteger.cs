using System.Buffers;

namespace Vigil.Mqtt.Protocol;

/// <summary>
/// The variable byte integer of MQTT (§1.5.5 / §2.2.3): 7 bits per byte, least significant first, at
/// most four bytes, so at most 268,435,455.
/// </summary>
public static class VariableByteInteger
{
    /// <summary>The largest encodable value.</summary>
    public const int MaxValue = 268_435_455;

    /// <summary>The longest encoding.</summary>
    public const int MaxBytes = 4;

    /// <summary>
    /// Reads one; false when the input ends first (more bytes needed).
    /// </summary>
    /// <exception cref="MqttProtocolException">A fifth continuation byte: malformed.</exception>
    public static bool TryRead(ref SequenceReader<byte> reader, out int value)
    {
        value = 0;
        var start = reader.Consumed;
        for (var i = 0; i < MaxBytes; i++)
        {
            if (!reader.TryRead(out var b))
            {
                reader.Rewind(reader.Consumed - start);
                return false;
            }
            value |= (b & 0x7F) << (7 * i);
            if ((b & 0x80) == 0)
            {
                return true;
            }
        }
        throw new MqttProtocolException("variable byte integer longer than four bytes");
    }

    /// <summary>How many bytes <paramref name="value"/> takes.</summary>
    public static int SizeOf(int value) => value switch
    {
        < 0 or > MaxValue => throw new ArgumentOutOfRangeException(nameof(value)),
        < 128 => 1,
        < 16_384 => 2,
        < 2_097_152 => 3,
        _ => 4,
    };

    /// <summary>Writes <paramref name="value"/> and returns the number of bytes written.</summary>
    public static int Write(Span<byte> destination, int value)
    {
        var size = SizeOf(value);
        for (var i = 0; i < size; i++)
        {
            var b = (byte)(value & 0x7F);
            value >>= 7;
            destination[i] = value > 0 ? (byte)(b | 0x80) : b;
        }
        return size;
    }
}
