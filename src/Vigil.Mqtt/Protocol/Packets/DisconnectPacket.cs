using System.Buffers;

namespace Vigil.Mqtt.Protocol;

/// <summary>DISCONNECT (§3.14); in v5 either side may send it, with a reason code.</summary>
public sealed class DisconnectPacket : MqttPacket
{
    /// <summary>A plain normal disconnection.</summary>
    public static DisconnectPacket Normal { get; } = new();

    /// <inheritdoc />
    public override PacketType Type => PacketType.Disconnect;
    /// <summary>v5 reason code: 0 normal, 0x04 with will, others errors.</summary>
    public byte ReasonCode { get; init; }
    /// <summary>v5 properties (session expiry, reason string, server reference).</summary>
    public MqttProperties? Properties { get; init; }

    internal static DisconnectPacket Parse(ref SequenceReader<byte> body, MqttVersion version)
    {
        if (version != MqttVersion.V500 || body.Remaining == 0)
        {
            return Normal;
        }
        var reason = PacketReader.ReadByte(ref body);
        var properties = body.Remaining > 0 ? MqttProperties.Read(ref body, PacketType.Disconnect) : null;
        return new DisconnectPacket { ReasonCode = reason, Properties = properties };
    }

    internal override int BodySize(MqttVersion version) =>
        version != MqttVersion.V500 || ReasonCode == 0 && Properties is null ? 0 : 1 + PacketWriter.SizeOfProperties(Properties);

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
