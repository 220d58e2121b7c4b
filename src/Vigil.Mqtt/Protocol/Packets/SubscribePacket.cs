using System.Buffers;

namespace Vigil.Mqtt.Protocol;

/// <summary>SUBSCRIBE (§3.8).</summary>
public sealed class SubscribePacket : MqttPacket
{
    /// <inheritdoc />
    public override PacketType Type => PacketType.Subscribe;
    /// <summary>Packet identifier.</summary>
    public ushort PacketId { get; init; }
    /// <summary>The filters, in order; SUBACK answers each in the same order.</summary>
    public required IReadOnlyList<TopicSubscription> Subscriptions { get; init; }
    /// <summary>v5 properties (subscription identifier, user properties).</summary>
    public MqttProperties? Properties { get; init; }

    internal override byte Flags => 0x02;

    internal static SubscribePacket Parse(ref SequenceReader<byte> body, MqttVersion version)
    {
        var packetId = PacketReader.ReadUInt16(ref body);
        if (packetId == 0)
        {
            throw new MqttProtocolException("packet identifier 0", MqttProtocolException.ProtocolError);
        }
        var properties = version == MqttVersion.V500 ? MqttProperties.Read(ref body, PacketType.Subscribe) : null;
        if (properties?.SubscriptionIdentifiers is { Count: > 1 })
        {
            throw new MqttProtocolException("more than one subscription identifier", MqttProtocolException.ProtocolError);
        }
        var subscriptions = new List<TopicSubscription>();
        while (body.Remaining > 0)
        {
            var filter = PacketReader.ReadString(ref body);
            var options = PacketReader.ReadByte(ref body);
            var reserved = version == MqttVersion.V500 ? 0xC0 : 0xFC;
            if ((options & reserved) != 0 || (options & 0x03) == 3 || (options >> 4 & 0x03) == 3)
            {
                throw new MqttProtocolException($"subscription options 0x{options:X2}");
            }
            subscriptions.Add(new TopicSubscription(filter, (MqttQoS)(options & 0x03), (options & 0x04) != 0,
                (options & 0x08) != 0, (RetainHandling)(options >> 4 & 0x03)));
        }
        if (subscriptions.Count == 0)
        {
            throw new MqttProtocolException("SUBSCRIBE without a topic filter", MqttProtocolException.ProtocolError);
        }
        return new SubscribePacket { PacketId = packetId, Subscriptions = subscriptions, Properties = properties };
    }

    internal override int BodySize(MqttVersion version) =>
        2 + (version == MqttVersion.V500 ? PacketWriter.SizeOfProperties(Properties) : 0)
        + Subscriptions.Sum(s => PacketWriter.SizeOfString(s.Filter) + 1);

    internal override void WriteBody(Span<byte> destination, MqttVersion version)
    {
        var w = new BodyWriter(destination);
        w.UInt16(PacketId);
        if (version == MqttVersion.V500)
        {
            w.Properties(Properties);
        }
        foreach (var subscription in Subscriptions)
        {
            w.String(subscription.Filter);
            w.Byte(version == MqttVersion.V500 ? subscription.Options : (byte)subscription.QoS);
        }
    }
}
