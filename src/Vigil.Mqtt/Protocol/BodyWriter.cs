using System.Buffers.Binary;

namespace Vigil.Mqtt.Protocol;

/// <summary>A cursor over a packet body being written.</summary>
internal ref struct BodyWriter(Span<byte> destination)
{
    private readonly Span<byte> _destination = destination;
    private int _position;

    public void Byte(byte value) => _destination[_position++] = value;

    public void UInt16(ushort value)
    {
        BinaryPrimitives.WriteUInt16BigEndian(_destination[_position..], value);
        _position += 2;
    }

    public void String(string value) => _position += MqttUtf8.Write(_destination[_position..], value);

    public void Binary(ReadOnlySpan<byte> value) => _position += PacketWriter.WriteBinary(_destination[_position..], value);

    public void Bytes(ReadOnlySpan<byte> value)
    {
        value.CopyTo(_destination[_position..]);
        _position += value.Length;
    }

    public void Properties(MqttProperties? properties)
    {
        var length = properties?.Size() ?? 0;
        _position += VariableByteInteger.Write(_destination[_position..], length);
        if (properties is not null)
        {
            _position += properties.Write(_destination[_position..]);
        }
    }
}
