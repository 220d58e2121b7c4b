using System.Buffers;
using System.Buffers.Binary;
using Vigil.Mqtt.Broker;
using Vigil.Mqtt.Protocol;
using Vigil.Mqtt.Tests.Support;

namespace Vigil.Mqtt.Tests.Broker;

/// <summary>A message as nodes hand it to each other, and bytes from the cluster that are not one.</summary>
public sealed class MqttClusterEnvelopeTests
{
    private static readonly Guid Origin = Guid.NewGuid();

    private static readonly MqttApplicationMessage Message = new()
    {
        Topic = "users/u1/contacts",
        Payload = "{\"a\":1}"u8.ToArray(),
        QoS = MqttQoS.AtLeastOnce,
        Retain = true,
        ExpiresAt = DateTimeOffset.FromUnixTimeMilliseconds(1_800_000_000_123),
        Properties = new MqttProperties { ContentType = "application/json" },
    };

    [Fact]
    public void An_envelope_read_in_two_segments_is_the_message_with_its_origin_and_sequence()
    {
        var bytes = Envelope(Message);

        Assert.True(MqttClusterEnvelope.TryRead(Message.Topic, Segments.Of(bytes[..30], bytes[30..]), out var read, out var origin, out var sequence));

        Assert.Equal((Message.Topic, Message.QoS, Message.Retain, Message.ExpiresAt, "application/json", Origin, 42ul),
            (read.Topic, read.QoS, read.Retain, read.ExpiresAt, read.Properties?.ContentType, origin, sequence));
        Assert.Equal(Message.Payload.ToArray(), read.Payload.ToArray());
    }

    [Theory]
    [InlineData(long.MaxValue)]
    [InlineData(long.MinValue)]
    [InlineData(253_402_300_800_000)] // a millisecond after DateTimeOffset.MaxValue
    public void An_expiry_no_date_can_hold_is_refused_rather_than_thrown(long milliseconds)
    {
        // Found by fuzz/run.sh (target envelope): it threw out of the NATS subscription's reader.
        var bytes = Envelope(Message);
        BinaryPrimitives.WriteInt64LittleEndian(bytes.AsSpan(26), milliseconds);

        Assert.False(MqttClusterEnvelope.TryRead(Message.Topic, new ReadOnlySequence<byte>(bytes), out _, out _, out _));
    }

    [Fact]
    public void A_cut_off_envelope_is_refused()
    {
        var bytes = Envelope(Message);

        Assert.False(MqttClusterEnvelope.TryRead(Message.Topic, new ReadOnlySequence<byte>(bytes[..20]), out _, out _, out _));
        Assert.False(MqttClusterEnvelope.TryRead(Message.Topic, new ReadOnlySequence<byte>(bytes[..30]), out _, out _, out _));
    }

    private static byte[] Envelope(MqttApplicationMessage message)
    {
        var bytes = new byte[MqttClusterEnvelope.SizeOf(message)];
        MqttClusterEnvelope.Write(bytes, message, Origin, 42);
        return bytes;
    }
}
