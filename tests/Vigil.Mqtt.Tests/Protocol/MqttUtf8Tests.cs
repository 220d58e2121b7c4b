using System.Buffers;
using Vigil.Mqtt.Protocol;
using Vigil.Mqtt.Tests.Support;

namespace Vigil.Mqtt.Tests.Protocol;

public sealed class MqttUtf8Tests
{
    private static string Read(byte[] bytes)
    {
        var reader = new SequenceReader<byte>(new ReadOnlySequence<byte>(bytes));
        Assert.True(MqttUtf8.TryRead(ref reader, out var value));
        return value;
    }

    [Fact]
    public void A_string_round_trips_with_its_length_prefix()
    {
        var buffer = new byte[32];
        var written = MqttUtf8.Write(buffer, "a/ü/𝄞");

        Assert.Equal(2 + 1 + 1 + 2 + 1 + 4, written);
        Assert.Equal("a/ü/𝄞", Read(buffer[..written]));
    }

    [Theory]
    [InlineData(new byte[] { 0x00, 0x01, 0x00 })]             // U+0000
    [InlineData(new byte[] { 0x00, 0x02, 0xC3, 0x28 })]       // ill-formed sequence
    [InlineData(new byte[] { 0x00, 0x03, 0xED, 0xA0, 0x80 })] // an encoded surrogate (U+D800)
    [InlineData(new byte[] { 0x00, 0x02, 0xC0, 0x80 })]       // overlong NUL
    public void Ill_formed_strings_are_malformed(byte[] bytes) =>
        Assert.Throws<MqttProtocolException>(() => Read(bytes));

    [Fact]
    public void A_string_split_across_segments_is_read_whole()
    {
        var reader = new SequenceReader<byte>(Segments.Of([0x00, 0x04, (byte)'a', (byte)'b'], [(byte)'c', (byte)'d']));

        Assert.True(MqttUtf8.TryRead(ref reader, out var value));
        Assert.Equal("abcd", value);
    }

    [Fact]
    public void A_truncated_string_asks_for_more_and_consumes_nothing()
    {
        var reader = new SequenceReader<byte>(new ReadOnlySequence<byte>(new byte[] { 0x00, 0x05, (byte)'a' }));

        Assert.False(MqttUtf8.TryRead(ref reader, out _));
        Assert.Equal(0, reader.Consumed);
    }
}
