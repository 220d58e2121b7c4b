using System.Buffers.Binary;
using System.Text;

namespace Vigil.Mqtt.Broker.Persistence;

/// <summary>
/// Builds one log record: length (4), CRC-32 of what follows the CRC (4), type (1), time in Unix milliseconds (8),
/// then the fields. Strings are a 2-byte length and UTF-8; message bodies are <see cref="MqttClusterEnvelope"/>s.
/// </summary>
internal sealed class RecordWriter
{
    private readonly MemoryStream _body = new();
    private readonly byte[] _scratch = new byte[8];

    public RecordWriter(RecordType type, DateTimeOffset at)
    {
        _body.WriteByte((byte)type);
        Int64(at.ToUnixTimeMilliseconds());
    }

    public RecordWriter String(string value)
    {
        var bytes = Encoding.UTF8.GetBytes(value);
        UInt16((ushort)bytes.Length);
        _body.Write(bytes);
        return this;
    }

    public RecordWriter Byte(byte value)
    {
        _body.WriteByte(value);
        return this;
    }

    public RecordWriter UInt16(ushort value)
    {
        BinaryPrimitives.WriteUInt16LittleEndian(_scratch, value);
        return Scratch(2);
    }

    public RecordWriter Int32(int value)
    {
        BinaryPrimitives.WriteInt32LittleEndian(_scratch, value);
        return Scratch(4);
    }

    public RecordWriter Int64(long value)
    {
        BinaryPrimitives.WriteInt64LittleEndian(_scratch, value);
        return Scratch(8);
    }

    private RecordWriter Scratch(int length)
    {
        _body.Write(_scratch, 0, length);
        return this;
    }

    public RecordWriter Message(MqttApplicationMessage message)
    {
        String(message.Topic);
        var envelope = new byte[MqttClusterEnvelope.SizeOf(message)];
        MqttClusterEnvelope.Write(envelope, message, Guid.Empty, 0);
        Int32(envelope.Length);
        _body.Write(envelope);
        return this;
    }

    /// <summary>The whole record, framed.</summary>
    public byte[] ToRecord()
    {
        var body = _body.GetBuffer().AsSpan(0, (int)_body.Length);
        var record = new byte[8 + body.Length];
        BinaryPrimitives.WriteInt32LittleEndian(record, body.Length);
        BinaryPrimitives.WriteUInt32LittleEndian(record.AsSpan(4), Crc32.Of(body));
        body.CopyTo(record.AsSpan(8));
        return record;
    }
}
