using System.Buffers;
using System.Buffers.Binary;
using System.Text;

namespace Vigil.Mqtt.Protocol;

/// <summary>Encodes packets straight into a pipe's buffer: sized first, then written once.</summary>
public static class PacketWriter
{
    /// <summary>Bytes the packet takes on the wire, fixed header included.</summary>
    public static int SizeOf(MqttPacket packet, MqttVersion version)
    {
        var body = packet.BodySize(version);
        return 1 + VariableByteInteger.SizeOf(body) + body;
    }

    /// <summary>Writes the whole packet; returns its size.</summary>
    public static int Write(IBufferWriter<byte> output, MqttPacket packet, MqttVersion version)
    {
        var body = packet.BodySize(version);
        var size = 1 + VariableByteInteger.SizeOf(body) + body;
        var span = output.GetSpan(size);
        span[0] = (byte)((byte)packet.Type << 4 | packet.Flags);
        var offset = 1 + VariableByteInteger.Write(span[1..], body);
        packet.WriteBody(span.Slice(offset, body), version);
        output.Advance(size);
        return size;
    }

    /// <summary>The packet as a new array.</summary>
    public static byte[] ToArray(MqttPacket packet, MqttVersion version)
    {
        var buffer = new ArrayBufferWriter<byte>();
        Write(buffer, packet, version);
        return buffer.WrittenSpan.ToArray();
    }

    internal static int SizeOfString(string value) => 2 + Encoding.UTF8.GetByteCount(value);

    internal static int SizeOfProperties(MqttProperties? properties)
    {
        var length = properties?.Size() ?? 0;
        return VariableByteInteger.SizeOf(length) + length;
    }

    internal static int WriteBinary(Span<byte> destination, ReadOnlySpan<byte> value)
    {
        BinaryPrimitives.WriteUInt16BigEndian(destination, (ushort)value.Length);
        value.CopyTo(destination[2..]);
        return 2 + value.Length;
    }
}
