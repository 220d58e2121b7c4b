using System.Buffers;

namespace Vigil.Mqtt.Protocol;

/// <summary>AUTH (§3.15), MQTT 5.0 enhanced authentication. Parsed so it can be refused properly.</summary>
public sealed class AuthPacket : MqttPacket
{
    /// <inheritdoc />
    public override PacketType Type => PacketType.Auth;
    /// <summary>Reason code.</summary>
    public byte ReasonCode { get; init; }
    /// <summary>Properties.</summary>
    public MqttProperties? Properties { get; init; }

    internal static AuthPacket Parse(ref SequenceReader<byte> body) => body.Remaining == 0
        ? new AuthPacket()
        : new AuthPacket { ReasonCode = PacketReader.ReadByte(ref body), Properties = body.Remaining > 0 ? MqttProperties.Read(ref body, PacketType.Auth) : null };

    internal override int BodySize(MqttVersion version) => ReasonCode == 0 && Properties is null ? 0 : 1 + PacketWriter.SizeOfProperties(Properties);

    internal override void WriteBody(Span<byte> destination, MqttVersion version)
    {
        if (destination.Length > 0)
        {
            var w = new BodyWriter(destination);
            w.Byte(ReasonCode);
            w.Properties(Properties);
        }
    }
}
