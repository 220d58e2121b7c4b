using System.Buffers;
using System.Text;

namespace Vigil.Mqtt.Protocol;

/// <summary>
/// MQTT's UTF-8 encoded strings (§1.5.4): a two-byte length, then well-formed UTF-8 without U+0000
/// (and without surrogates, which well-formed UTF-8 cannot carry anyway).
/// </summary>
public static class MqttUtf8
{
    private static readonly UTF8Encoding Strict = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    /// <summary>Reads a length-prefixed string; false when more bytes are needed.</summary>
    /// <exception cref="MqttProtocolException">Ill-formed UTF-8 or U+0000.</exception>
    public static bool TryRead(ref SequenceReader<byte> reader, out string value)
    {
        value = "";
        if (!reader.TryReadBigEndian(out short signedLength))
        {
            return false;
        }
        var length = (ushort)signedLength;
        if (reader.Remaining < length)
        {
            reader.Rewind(2);
            return false;
        }
        var bytes = reader.UnreadSequence.Slice(0, length);
        value = Decode(bytes.IsSingleSegment ? bytes.FirstSpan : bytes.ToArray());
        reader.Advance(length);
        return true;
    }

    /// <summary>Decodes the bytes of an MQTT string, refusing ill-formed UTF-8 and U+0000.</summary>
    /// <exception cref="MqttProtocolException">The bytes are not an acceptable MQTT string.</exception>
    public static string Decode(ReadOnlySpan<byte> bytes)
    {
        string text;
        try
        {
            text = Strict.GetString(bytes);
        }
        catch (DecoderFallbackException)
        {
            throw new MqttProtocolException("string is not well-formed UTF-8");
        }
        return text.Contains('\0') ? throw new MqttProtocolException("string contains U+0000") : text;
    }

    /// <summary>Writes the two-byte length and the UTF-8 bytes; returns the bytes written.</summary>
    public static int Write(Span<byte> destination, string value)
    {
        var length = Strict.GetBytes(value, destination[2..]);
        if (length > ushort.MaxValue)
        {
            throw new ArgumentException("an MQTT string holds at most 65,535 bytes", nameof(value));
        }
        destination[0] = (byte)(length >> 8);
        destination[1] = (byte)length;
        return length + 2;
    }
}
