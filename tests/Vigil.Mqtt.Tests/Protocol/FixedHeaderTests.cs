using System.Buffers;
using Vigil.Mqtt.Protocol;

namespace Vigil.Mqtt.Tests.Protocol;

public sealed class FixedHeaderTests
{
    private static FixedHeader Read(byte[] bytes, int maximum = 1024)
    {
        var reader = new SequenceReader<byte>(new ReadOnlySequence<byte>(bytes));
        Assert.True(FixedHeader.TryRead(ref reader, maximum, out var header));
        return header;
    }

    private static MqttProtocolException Refused(byte[] bytes, int maximum = 1024) =>
        Assert.Throws<MqttProtocolException>(() =>
        {
            var reader = new SequenceReader<byte>(new ReadOnlySequence<byte>(bytes));
            FixedHeader.TryRead(ref reader, maximum, out _);
        });

    [Fact]
    public void A_publish_header_carries_its_flags_and_length() =>
        Assert.Equal(new FixedHeader(PacketType.Publish, 0b1011, 200), Read([0x3B, 0xC8, 0x01]));

    [Theory]
    [InlineData(0x62)] // PUBREL 0010
    [InlineData(0x82)] // SUBSCRIBE 0010
    [InlineData(0xA2)] // UNSUBSCRIBE 0010
    [InlineData(0xC0)] // PINGREQ 0000
    [InlineData(0x10)] // CONNECT 0000
    public void Required_flags_are_accepted(byte first) => Assert.Equal(first >> 4, (int)Read([first, 0x00]).Type);

    [Theory]
    [InlineData(0x80)] // SUBSCRIBE without 0010
    [InlineData(0x60)] // PUBREL without 0010
    [InlineData(0x11)] // CONNECT with a flag
    [InlineData(0x36)] // PUBLISH with QoS 3
    [InlineData(0x00)] // reserved type 0
    public void Reserved_flags_and_types_are_malformed(byte first) =>
        Assert.Equal(MqttProtocolException.MalformedPacket, Refused([first, 0x00]).ReasonCode);

    [Fact]
    public void A_packet_larger_than_the_maximum_is_refused_from_its_header() =>
        Assert.Equal(MqttProtocolException.PacketTooLarge, Refused([0x30, 0xFF, 0x7F], maximum: 1024).ReasonCode);

    [Fact]
    public void A_split_header_asks_for_more_and_consumes_nothing()
    {
        var reader = new SequenceReader<byte>(new ReadOnlySequence<byte>(new byte[] { 0x30, 0x80 }));

        Assert.False(FixedHeader.TryRead(ref reader, 1024, out _));
        Assert.Equal(0, reader.Consumed);
    }
}
