using System.Buffers;
using System.Buffers.Binary;
using System.Text;

namespace Vigil.Mqtt.Broker.Persistence;

/// <summary>Reads the fields of one record's body, in the order <see cref="RecordWriter"/> wrote them.</summary>
internal ref struct RecordReader(ReadOnlySpan<byte> body)
{
    private readonly ReadOnlySpan<byte> _body = body;
    private int _at;

    public RecordType Type => (RecordType)_body[0];

    public DateTimeOffset At => DateTimeOffset.FromUnixTimeMilliseconds(BinaryPrimitives.ReadInt64LittleEndian(_body[1..]));

    /// <summary>Positions the reader on the first field.</summary>
    public RecordReader Fields()
    {
        _at = 9;
        return this;
    }

    public string String()
    {
        var length = UInt16();
        var value = Encoding.UTF8.GetString(_body.Slice(_at, length));
        _at += length;
        return value;
    }

    public byte Byte() => _body[_at++];

    public ushort UInt16()
    {
        var value = BinaryPrimitives.ReadUInt16LittleEndian(_body[_at..]);
        _at += 2;
        return value;
    }

    public int Int32()
    {
        var value = BinaryPrimitives.ReadInt32LittleEndian(_body[_at..]);
        _at += 4;
        return value;
    }

    public long Int64()
    {
        var value = BinaryPrimitives.ReadInt64LittleEndian(_body[_at..]);
        _at += 8;
        return value;
    }

    public MqttApplicationMessage? Message()
    {
        var topic = String();
        var length = Int32();
        var envelope = _body.Slice(_at, length).ToArray();
        _at += length;
        return MqttClusterEnvelope.TryRead(topic, new ReadOnlySequence<byte>(envelope), out var message, out _, out _) ? message : null;
    }
}
