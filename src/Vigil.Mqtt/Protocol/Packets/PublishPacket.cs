using System.Buffers;

namespace Vigil.Mqtt.Protocol;

/// <summary>PUBLISH (§3.3).</summary>
public sealed class PublishPacket : MqttPacket
{
    /// <inheritdoc />
    public override PacketType Type => PacketType.Publish;
    /// <summary>Topic name; empty when a v5 topic alias stands for it.</summary>
    public required string Topic { get; init; }
    /// <summary>Application payload.</summary>
    public ReadOnlyMemory<byte> Payload { get; init; }
    /// <summary>Quality of service.</summary>
    public MqttQoS QoS { get; init; }
    /// <summary>Retain flag.</summary>
    public bool Retain { get; init; }
    /// <summary>Redelivery flag.</summary>
    public bool Duplicate { get; init; }
    /// <summary>Packet identifier (QoS 1 and 2 only).</summary>
    public ushort PacketId { get; init; }
    /// <summary>v5 properties.</summary>
    public MqttProperties? Properties { get; init; }

    internal override byte Flags => Fields.Flags;

    internal PublishFields Fields => new()
    {
        Topic = Topic, Payload = Payload, QoS = QoS, Retain = Retain, Duplicate = Duplicate, PacketId = PacketId, Properties = Properties,
    };

    internal static PublishPacket Parse(FixedHeader header, ref SequenceReader<byte> body, MqttVersion version)
    {
        var fields = PublishFields.Read(header, ref body, version);
        return new PublishPacket
        {
            Topic = fields.Topic,
            QoS = fields.QoS,
            Retain = fields.Retain,
            Duplicate = fields.Duplicate,
            PacketId = fields.PacketId,
            Properties = fields.Properties,
            Payload = fields.Payload,
        };
    }

    internal override int BodySize(MqttVersion version) => Fields.BodySize(version);

    internal override void WriteBody(Span<byte> destination, MqttVersion version) => Fields.WriteBody(destination, version);
}
