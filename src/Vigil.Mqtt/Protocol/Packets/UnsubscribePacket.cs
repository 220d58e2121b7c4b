using System.Buffers;

namespace Vigil.Mqtt.Protocol;

/// <summary>UNSUBSCRIBE (§3.10).</summary>
public sealed class UnsubscribePacket : MqttPacket
{
    /// <inheritdoc />
    public override PacketType Type => PacketType.Unsubscribe;
    /// <summary>Packet identifier.</summary>
    public ushort PacketId { get; init; }
    /// <summary>Filters to remove.</summary>
    public required IReadOnlyList<string> Filters { get; init; }
    /// <summary>v5 properties.</summary>
    public MqttProperties? Properties { get; init; }

    internal override byte Flags => 0x02;

    internal static UnsubscribePacket Parse(ref SequenceReader<byte> body, MqttVersion version)
    {
        var packetId = PacketReader.ReadUInt16(ref body);
        if (packetId == 0)
        {
            throw new MqttProtocolException("packet identifier 0", MqttProtocolException.ProtocolError);
        }
        var properties = version == MqttVersion.V500 ? MqttProperties.Read(ref body, PacketType.Unsubscribe) : null;
        var filters = new List<string>();
        while (body.Remaining > 0)
        {
            filters.Add(PacketReader.ReadString(ref body));
        }
        return filters.Count == 0
            ? throw new MqttProtocolException("UNSUBSCRIBE without a topic filter", MqttProtocolException.ProtocolError)
            : new UnsubscribePacket { PacketId = packetId, Filters = filters, Properties = properties };
    }

    internal override int BodySize(MqttVersion version) =>
        2 + (version == MqttVersion.V500 ? PacketWriter.SizeOfProperties(Properties) : 0) + Filters.Sum(PacketWriter.SizeOfString);

    internal override void WriteBody(Span<byte> destination, MqttVersion version)
    {
        var w = new BodyWriter(destination);
        w.UInt16(PacketId);
        if (version == MqttVersion.V500)
        {
            w.Properties(Properties);
        }
        foreach (var filter in Filters)
        {
            w.String(filter);
        }
    }
}
