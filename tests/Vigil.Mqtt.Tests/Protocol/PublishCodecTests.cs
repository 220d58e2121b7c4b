using System.Buffers;
using System.Text;
using Vigil.Mqtt.Protocol;
using Vigil.Mqtt.Tests.Support;

namespace Vigil.Mqtt.Tests.Protocol;

/// <summary>The broker's path for PUBLISH without a packet object agrees with <see cref="PublishPacket"/> byte for byte.</summary>
public sealed class PublishCodecTests
{
    public static TheoryData<MqttQoS, bool, MqttVersion> Publishes()
    {
        var data = new TheoryData<MqttQoS, bool, MqttVersion>();
        foreach (var qos in new[] { MqttQoS.AtMostOnce, MqttQoS.AtLeastOnce, MqttQoS.ExactlyOnce })
        {
            data.Add(qos, false, MqttVersion.V311);
            data.Add(qos, true, MqttVersion.V500);
        }
        return data;
    }

    [Theory]
    [MemberData(nameof(Publishes))]
    public void A_publish_read_as_fields_is_the_packet_and_writes_back_to_its_bytes(MqttQoS qos, bool withProperties, MqttVersion version)
    {
        var packet = Packet(qos, withProperties);
        var bytes = PacketWriter.ToArray(packet, version).Concat(new byte[] { 0xC0, 0 }).ToArray();
        var buffer = new ReadOnlySequence<byte>(bytes);

        Assert.True(PacketReader.TryReadPublish(ref buffer, version, int.MaxValue, out var fields));

        Assert.Equal((packet.Topic, packet.QoS, packet.Retain, packet.Duplicate, packet.PacketId), (fields.Topic, fields.QoS, fields.Retain, fields.Duplicate, fields.PacketId));
        Assert.Equal(packet.Payload.ToArray(), fields.Payload.ToArray());
        Assert.Equal(withProperties ? "text/plain" : null, fields.Properties?.ContentType);
        Assert.Equal([0xC0, 0], buffer.ToArray()); // the PINGREQ behind it is left for the next read
        var output = new ArrayBufferWriter<byte>();
        Assert.Equal(fields.Size(version), fields.Write(output, version));
        Assert.Equal(bytes[..^2], output.WrittenSpan.ToArray());
    }

    [Fact]
    public void Other_packets_and_an_incomplete_publish_are_left_in_the_buffer()
    {
        var whole = PacketWriter.ToArray(Packet(MqttQoS.AtLeastOnce, false), MqttVersion.V500);
        foreach (var bytes in new[] { [0xC0, 0], [0x40, 2, 0, 1], whole[..^1], [] })
        {
            var buffer = new ReadOnlySequence<byte>(bytes);
            Assert.False(PacketReader.TryReadPublish(ref buffer, MqttVersion.V500, int.MaxValue, out _));
            Assert.Equal(bytes.Length, buffer.Length);
        }
    }

    [Theory]
    [InlineData(new byte[] { 0x32, 5, 0, 1, (byte)'t', 0, 0 }, "packet identifier 0")]
    [InlineData(new byte[] { 0x30, 4, 0, 1, (byte)'#', 0 }, "wildcard")]
    [InlineData(new byte[] { 0x30, 2, 0, 5 }, "in the middle of a field")]
    public void A_malformed_publish_is_a_protocol_error(byte[] bytes, string expected)
    {
        var buffer = new ReadOnlySequence<byte>(bytes);
        var error = Assert.Throws<MqttProtocolException>(() => PacketReader.TryReadPublish(ref buffer, MqttVersion.V311, int.MaxValue, out _));
        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(MqttVersion.V311)]
    [InlineData(MqttVersion.V500)]
    public void A_publish_behind_an_empty_first_segment_is_read(MqttVersion version)
    {
        // A pipe can hand over a buffer that starts at the end of a segment the previous read consumed up to, before the
        // one written after it: the first span is then empty (found by fuzz/run.sh).
        var buffer = Segments.Of([], PacketWriter.ToArray(Packet(MqttQoS.AtLeastOnce, false), version));

        Assert.True(PacketReader.TryReadPublish(ref buffer, version, int.MaxValue, out var publish));

        Assert.Equal("users/u1/contacts", publish.Topic);
        Assert.True(buffer.IsEmpty);
    }

    private static PublishPacket Packet(MqttQoS qos, bool withProperties) => new()
    {
        Topic = "users/u1/contacts",
        Payload = Encoding.UTF8.GetBytes("{\"hello\":1}"),
        QoS = qos,
        Retain = true,
        Duplicate = qos != MqttQoS.AtMostOnce,
        PacketId = qos == MqttQoS.AtMostOnce ? (ushort)0 : (ushort)513,
        Properties = withProperties ? new MqttProperties { ContentType = "text/plain" } : null,
    };
}
