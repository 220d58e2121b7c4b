namespace Vigil.Mqtt.Protocol;

/// <summary>PINGREQ and PINGRESP: no body.</summary>
public sealed class PingPacket : MqttPacket
{
    private readonly PacketType _type;

    private PingPacket(PacketType type) => _type = type;

    /// <summary>PINGREQ.</summary>
    public static PingPacket Request { get; } = new(PacketType.PingReq);

    /// <summary>PINGRESP.</summary>
    public static PingPacket Response { get; } = new(PacketType.PingResp);

    /// <inheritdoc />
    public override PacketType Type => _type;

    internal override int BodySize(MqttVersion version) => 0;

    internal override void WriteBody(Span<byte> destination, MqttVersion version)
    {
    }
}
