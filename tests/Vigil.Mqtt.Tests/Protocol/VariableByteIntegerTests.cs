using System.Buffers;
using Vigil.Mqtt.Protocol;

namespace Vigil.Mqtt.Tests.Protocol;

public sealed class VariableByteIntegerTests
{
    [Theory]
    [InlineData(0, new byte[] { 0x00 })]
    [InlineData(127, new byte[] { 0x7F })]
    [InlineData(128, new byte[] { 0x80, 0x01 })]
    [InlineData(16_383, new byte[] { 0xFF, 0x7F })]
    [InlineData(16_384, new byte[] { 0x80, 0x80, 0x01 })]
    [InlineData(2_097_151, new byte[] { 0xFF, 0xFF, 0x7F })]
    [InlineData(2_097_152, new byte[] { 0x80, 0x80, 0x80, 0x01 })]
    [InlineData(268_435_455, new byte[] { 0xFF, 0xFF, 0xFF, 0x7F })]
    public void The_specifications_boundary_values_round_trip(int value, byte[] encoded)
    {
        var written = new byte[4];
        Assert.Equal(encoded.Length, VariableByteInteger.Write(written, value));
        Assert.Equal(encoded, written[..encoded.Length]);

        var reader = new SequenceReader<byte>(new ReadOnlySequence<byte>(encoded));
        Assert.True(VariableByteInteger.TryRead(ref reader, out var read));
        Assert.Equal(value, read);
        Assert.Equal(encoded.Length, reader.Consumed);
    }

    [Fact]
    public void An_incomplete_integer_asks_for_more_and_consumes_nothing()
    {
        var reader = new SequenceReader<byte>(new ReadOnlySequence<byte>(new byte[] { 0x80, 0x80 }));

        Assert.False(VariableByteInteger.TryRead(ref reader, out _));
        Assert.Equal(0, reader.Consumed);
    }

    [Fact]
    public void A_fifth_byte_is_malformed()
    {
        var bytes = new byte[] { 0xFF, 0xFF, 0xFF, 0xFF, 0x01 };

        var error = Assert.Throws<MqttProtocolException>(() =>
        {
            var reader = new SequenceReader<byte>(new ReadOnlySequence<byte>(bytes));
            VariableByteInteger.TryRead(ref reader, out _);
        });
        Assert.Equal(MqttProtocolException.MalformedPacket, error.ReasonCode);
    }

    [Fact]
    public void Values_beyond_the_maximum_cannot_be_written() =>
        Assert.Throws<ArgumentOutOfRangeException>(() => VariableByteInteger.Write(new byte[4], VariableByteInteger.MaxValue + 1));
}
