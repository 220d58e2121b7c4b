using System.Buffers;

namespace Vigil.Mqtt.Protocol;

/// <summary>SUBACK (§3.9) and UNSUBACK (§3.11): one reason code per filter (UNSUBACK has none in 3.1.1).</summary>
public sealed class SubAckPacket : MqttPacket
{
    /// <summary>Creates a SUBACK or an UNSUBACK.</summary>
    public SubAckPacket(PacketType type, ushort packetId, IReadOnlyList<byte> reasonCodes, MqttProperties? properties = null)
    {
        if (type is not (PacketType.SubAck or PacketType.UnsubAck))
        {
            throw new ArgumentOutOfRangeException(nameof(type));
        }
        Type = type;
        PacketId = packetId;
        ReasonCodes = reasonCodes;
        Properties = properties;
    }

    /// <inheritdoc />
    public override PacketType Type { get; }
    /// <summary>Packet identifier of the request.</summary>
    public ushort PacketId { get; }
    /// <summary>One code per filter, in order (granted QoS or failure).</summary>
    public IReadOnlyList<byte> ReasonCodes { get; }
    /// <summary>v5 properties.</summary>
    public MqttProperties? Properties { get; }

    private bool HasCodes(MqttVersion version) => Type == PacketType.SubAck || version == MqttVersion.V500;

    internal static SubAckPacket Parse(PacketType type, ref SequenceReader<byte> body, MqttVersion version)
    {
        var packetId = PacketReader.ReadUInt16(ref body);
        var properties = version == MqttVersion.V500 ? MqttProperties.Read(ref body, type) : null;
        var codes = PacketReader.ReadBytes(ref body, body.Remaining);
        return new SubAckPacket(type, packetId, codes, properties);
    }

    internal override int BodySize(MqttVersion version) =>
        2 + (version == MqttVersion.V500 ? PacketWriter.SizeOfProperties(Properties) : 0) + (HasCodes(version) ? ReasonCodes.Count : 0);

    internal override void WriteBody(Span<byte> destination, MqttVersion version)
    {
        var w = new BodyWriter(destination);
        w.UInt16(PacketId);
        if (version == MqttVersion.V500)
        {
            w.Properties(Properties);
        }
        if (HasCodes(version))
        {
            foreach (var code in ReasonCodes)
            {
                w.Byte(code);
            }
        }
    }
}
