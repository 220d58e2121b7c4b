using System.Buffers;
using Vigil.Mqtt.Protocol;

namespace Vigil.Mqtt.Tests.Protocol;

/// <summary>The broker's allocation-free path for PUBACK/PUBREC/PUBREL/PUBCOMP agrees with the packet classes byte for byte.</summary>
public sealed class AcknowledgementCodecTests
{
    public static TheoryData<PacketType, byte, MqttVersion> Acknowledgements()
    {
        var data = new TheoryData<PacketType, byte, MqttVersion>();
        foreach (var type in new[] { PacketType.PubAck, PacketType.PubRec, PacketType.PubRel, PacketType.PubComp })
        {
            data.Add(type, 0, MqttVersion.V311);
            data.Add(type, 0x87, MqttVersion.V311);
            data.Add(type, 0, MqttVersion.V500);
            data.Add(type, 0x92, MqttVersion.V500);
        }
        return data;
    }

    [Theory]
    [MemberData(nameof(Acknowledgements))]
    public void An_acknowledgement_written_from_its_fields_is_the_bytes_of_the_packet(PacketType type, byte reason, MqttVersion version)
    {
        var output = new ArrayBufferWriter<byte>();
        var size = PublishAckPacket.Write(output, type, 4097, reason, version);
        Assert.Equal(PacketWriter.ToArray(new PublishAckPacket(type, 4097, reason), version), output.WrittenSpan.ToArray());
        Assert.Equal(output.WrittenCount, size);
    }

    [Theory]
    [MemberData(nameof(Acknowledgements))]
    public void An_acknowledgement_without_properties_is_read_without_a_packet_object(PacketType type, byte reason, MqttVersion version)
    {
        var bytes = PacketWriter.ToArray(new PublishAckPacket(type, 4097, reason), version).Concat(new byte[] { 0xC0, 0 }).ToArray();
        var buffer = new ReadOnlySequence<byte>(bytes);
        Assert.True(PacketReader.TryReadAcknowledgement(ref buffer, version, int.MaxValue, out var readType, out var packetId, out var readReason));
        Assert.Equal((type, (ushort)4097, version == MqttVersion.V500 ? reason : (byte)0), (readType, packetId, readReason));
        Assert.Equal([0xC0, 0], buffer.ToArray()); // the PINGREQ behind it is left for the next read
    }

    [Fact]
    public void Other_packets_acknowledgements_with_properties_and_incomplete_ones_are_left_to_the_general_reader()
    {
        var withProperties = PacketWriter.ToArray(new PublishAckPacket(PacketType.PubAck, 7, 0x10, new MqttProperties { ReasonString = "why" }), MqttVersion.V500);
        foreach (var bytes in new[] { [0xC0, 0], withProperties, [0x40, 2, 0] })
        {
            var buffer = new ReadOnlySequence<byte>(bytes);
            Assert.False(PacketReader.TryReadAcknowledgement(ref buffer, MqttVersion.V500, int.MaxValue, out _, out _, out _));
            Assert.Equal(bytes.Length, buffer.Length);
        }
        var full = new ReadOnlySequence<byte>(withProperties);
        Assert.True(PacketReader.TryRead(ref full, MqttVersion.V500, int.MaxValue, out var packet));
        Assert.Equal("why", Assert.IsType<PublishAckPacket>(packet).Properties!.ReasonString);
    }

    [Theory]
    [InlineData(new byte[] { 0x40, 2, 0, 0 }, "packet identifier 0")]
    [InlineData(new byte[] { 0x42, 2, 0, 1 }, "flags")]
    [InlineData(new byte[] { 0x60, 2, 0, 1 }, "flags")]
    public void A_malformed_acknowledgement_is_refused_on_the_fast_path_too(byte[] bytes, string error)
    {
        var buffer = new ReadOnlySequence<byte>(bytes);
        var e = Assert.Throws<MqttProtocolException>(() => PacketReader.TryReadAcknowledgement(ref buffer, MqttVersion.V500, int.MaxValue, out _, out _, out _));
        Assert.Contains(error, e.Message);
    }

    [Fact]
    public void A_v311_acknowledgement_with_a_reason_byte_is_left_to_the_general_reader_which_refuses_it()
    {
        var buffer = new ReadOnlySequence<byte>(new byte[] { 0x40, 3, 0, 1, 0 });
        Assert.False(PacketReader.TryReadAcknowledgement(ref buffer, MqttVersion.V311, int.MaxValue, out _, out _, out _));
        Assert.Throws<MqttProtocolException>(() => PacketReader.TryRead(ref buffer, MqttVersion.V311, int.MaxValue, out _));
    }
}
