using System.Buffers.Binary;
using System.Text;

namespace Vigil.Mqtt.Broker.Persistence;

/// <summary>
/// Builds one log record: length (4), CRC-32 of what follows the CRC (4), type (1), time in Unix milliseconds (8),
/// then the fields. Strings are a 2-byte length and UTF-8; message bodies are <see cref="MqttClusterEnvelope"/>s.
/// Each thread builds its records in one buffer of its own, so a record costs one allocation: the record itself.
/// </summary>
internal sealed class RecordWriter
{
    [ThreadStatic] private static RecordWriter? t_writer;
    private byte[] _buffer = new byte[512];
    private int _length;

    private RecordWriter()
    {
    }

    /// <summary>This thread's writer, emptied, with the record's type and time written. One record at a time per thread.</summary>
    public static RecordWriter Start(RecordType type, DateTimeOffset at)
    {
        var writer = t_writer ??= new RecordWriter();
        writer._length = 8; // the length and the CRC go first, once the body is known
        return writer.Byte((byte)type).Int64(at.ToUnixTimeMilliseconds());
    }

    private Span<byte> Reserve(int size)
    {
        if (_length + size > _buffer.Length)
        {
            Array.Resize(ref _buffer, Math.Max(_buffer.Length * 2, _length + size));
        }
        var span = _buffer.AsSpan(_length, size);
        _length += size;
        return span;
    }

    public RecordWriter String(string value)
    {
        var count = Encoding.UTF8.GetByteCount(value);
        UInt16((ushort)count);
        Encoding.UTF8.GetBytes(value, Reserve(count));
        return this;
    }

    public RecordWriter Byte(byte value)
    {
        Reserve(1)[0] = value;
        return this;
    }

    public RecordWriter UInt16(ushort value)
    {
        BinaryPrimitives.WriteUInt16LittleEndian(Reserve(2), value);
        return this;
    }

    public RecordWriter Int32(int value)
    {
        BinaryPrimitives.WriteInt32LittleEndian(Reserve(4), value);
        return this;
    }

    public RecordWriter Int64(long value)
    {
        BinaryPrimitives.WriteInt64LittleEndian(Reserve(8), value);
        return this;
    }

    public RecordWriter Message(MqttApplicationMessage message)
    {
        String(message.Topic);
        var size = MqttClusterEnvelope.SizeOf(message);
        Int32(size);
        MqttClusterEnvelope.Write(Reserve(size), message, Guid.Empty, 0);
        return this;
    }

    /// <summary>The whole record, framed.</summary>
    public byte[] ToRecord()
    {
        var body = _buffer.AsSpan(8, _length - 8);
        BinaryPrimitives.WriteInt32LittleEndian(_buffer, body.Length);
        BinaryPrimitives.WriteUInt32LittleEndian(_buffer.AsSpan(4), Crc32.Of(body));
        return _buffer.AsSpan(0, _length).ToArray();
    }
}
