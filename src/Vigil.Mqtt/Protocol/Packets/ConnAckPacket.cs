using System.Buffers;

namespace Vigil.Mqtt.Protocol;

/// <summary>CONNACK (§3.2). 3.1.1 return codes and 5.0 reason codes share the byte.</summary>
public sealed class ConnAckPacket : MqttPacket
{
    /// <inheritdoc />
    public override PacketType Type => PacketType.ConnAck;
    /// <summary>Whether the server resumed a stored session.</summary>
    public bool SessionPresent { get; init; }
    /// <summary>3.1.1 return code or 5.0 reason code; 0 is success.</summary>
    public byte ReasonCode { get; init; }
    /// <summary>v5 properties.</summary>
    public MqttProperties? Properties { get; init; }

    internal static ConnAckPacket Parse(ref SequenceReader<byte> body, MqttVersion version)
    {
        var flags = PacketReader.ReadByte(ref body);
        if ((flags & 0xFE) != 0)
        {
            throw new MqttProtocolException("reserved CONNACK flags set");
        }
        return new ConnAckPacket
        {
            SessionPresent = flags == 1,
            ReasonCode = PacketReader.ReadByte(ref body),
            Properties = version == MqttVersion.V500 ? MqttProperties.Read(ref body, PacketType.ConnAck) : null,
        };
    }

    internal override int BodySize(MqttVersion version) =>
        2 + (version == MqttVersion.V500 ? PacketWriter.SizeOfProperties(Properties) : 0);

    internal override void WriteBody(Span<byte> destination, MqttVersion version)
    {
        var w = new BodyWriter(destination);
        w.Byte(SessionPresent ? (byte)1 : (byte)0);
        w.Byte(ReasonCode);
        if (version == MqttVersion.V500)
        {
            w.Properties(Properties);
        }
    }
}
