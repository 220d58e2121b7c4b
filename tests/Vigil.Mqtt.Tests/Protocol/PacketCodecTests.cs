using System.Buffers;
using Vigil.Mqtt.Protocol;

namespace Vigil.Mqtt.Tests.Protocol;

public sealed class PacketCodecTests
{
    private static T RoundTrip<T>(T packet, MqttVersion version) where T : MqttPacket
    {
        var bytes = PacketWriter.ToArray(packet, version);
        Assert.Equal(PacketWriter.SizeOf(packet, version), bytes.Length);
        var buffer = new ReadOnlySequence<byte>(bytes);
        Assert.True(PacketReader.TryRead(ref buffer, version, int.MaxValue, out var decoded));
        Assert.True(buffer.IsEmpty);
        return Assert.IsType<T>(decoded);
    }

    [Fact]
    public void A_v5_connect_with_will_and_properties_survives_a_round_trip()
    {
        var connect = new ConnectPacket
        {
            ClientId = "c1",
            CleanStart = false,
            KeepAlive = 30,
            Username = "JWT",
            Password = [1, 2],
            Properties = new MqttProperties { SessionExpiryInterval = 60, ReceiveMaximum = 5, TopicAliasMaximum = 3, MaximumPacketSize = 1000 }.AddUserProperty("k", "v"),
            Will = new WillMessage { Topic = "w", Payload = "bye"u8.ToArray(), QoS = MqttQoS.ExactlyOnce, Retain = true, Properties = new MqttProperties { WillDelayInterval = 9, ContentType = "text/plain" } },
        };
        var decoded = RoundTrip(connect, MqttVersion.V500);
        Assert.Equal(("c1", false, (ushort)30, "JWT"), (decoded.ClientId, decoded.CleanStart, decoded.KeepAlive, decoded.Username));
        Assert.Equal([1, 2], decoded.Password!);
        Assert.Equal(60u, decoded.Properties!.SessionExpiryInterval);
        Assert.Equal((ushort)5, decoded.Properties.ReceiveMaximum);
        Assert.Equal(1000u, decoded.Properties.MaximumPacketSize);
        Assert.Equal("v", decoded.Properties.UserProperties!.Single().Value);
        Assert.Equal(("w", MqttQoS.ExactlyOnce, true, 9u, "text/plain"), (decoded.Will!.Topic, decoded.Will.QoS, decoded.Will.Retain, decoded.Will.Properties!.WillDelayInterval!.Value, decoded.Will.Properties.ContentType));
    }

    [Theory]
    [InlineData(MqttVersion.V311)]
    [InlineData(MqttVersion.V500)]
    public void A_publish_keeps_its_flags_id_and_payload(MqttVersion version)
    {
        var publish = new PublishPacket { Topic = "a/b", QoS = MqttQoS.AtLeastOnce, Retain = true, Duplicate = true, PacketId = 513, Payload = new byte[300] };
        var decoded = RoundTrip(publish, version);
        Assert.Equal(("a/b", MqttQoS.AtLeastOnce, true, true, (ushort)513, 300), (decoded.Topic, decoded.QoS, decoded.Retain, decoded.Duplicate, decoded.PacketId, decoded.Payload.Length));
    }

    [Fact]
    public void Acknowledgements_carry_reason_codes_only_in_v5_and_omit_them_when_zero()
    {
        Assert.Equal(4, PacketWriter.ToArray(new PublishAckPacket(PacketType.PubAck, 7), MqttVersion.V500).Length);
        Assert.Equal(5, PacketWriter.ToArray(new PublishAckPacket(PacketType.PubAck, 7, 0x87), MqttVersion.V500).Length);
        Assert.Equal(4, PacketWriter.ToArray(new PublishAckPacket(PacketType.PubAck, 7, 0x87), MqttVersion.V311).Length);
        Assert.Equal(0x87, RoundTrip(new PublishAckPacket(PacketType.PubRec, 7, 0x87), MqttVersion.V500).ReasonCode);
        Assert.Equal(0x62, PacketWriter.ToArray(new PublishAckPacket(PacketType.PubRel, 7), MqttVersion.V311)[0]);
    }

    [Fact]
    public void Subscribe_options_round_trip_in_v5()
    {
        var subscribe = new SubscribePacket
        {
            PacketId = 3,
            Subscriptions = [new TopicSubscription("x/#", MqttQoS.ExactlyOnce, NoLocal: true, RetainAsPublished: true, RetainHandling.DoNotSend)],
            Properties = new MqttProperties { SubscriptionIdentifiers = [268_435_455] },
        };
        var decoded = RoundTrip(subscribe, MqttVersion.V500);
        Assert.Equal(subscribe.Subscriptions, decoded.Subscriptions);
        Assert.Equal([268_435_455], decoded.Properties!.SubscriptionIdentifiers!);
    }

    [Fact]
    public void A_311_unsuback_has_no_reason_codes_and_a_v5_disconnect_keeps_its_reason()
    {
        Assert.Equal([0xB0, 0x02, 0x00, 0x09], PacketWriter.ToArray(new SubAckPacket(PacketType.UnsubAck, 9, [0x11]), MqttVersion.V311));
        Assert.Equal([0xE0, 0x00], PacketWriter.ToArray(DisconnectPacket.Normal, MqttVersion.V500));
        Assert.Equal(0x8E, RoundTrip(new DisconnectPacket { ReasonCode = 0x8E }, MqttVersion.V500).ReasonCode);
    }

    [Fact]
    public void A_packet_split_anywhere_is_read_only_once_complete()
    {
        var bytes = PacketWriter.ToArray(new PublishPacket { Topic = "t", Payload = "hello"u8.ToArray() }, MqttVersion.V500);
        for (var cut = 0; cut < bytes.Length; cut++)
        {
            var partial = new ReadOnlySequence<byte>(bytes, 0, cut);
            Assert.False(PacketReader.TryRead(ref partial, MqttVersion.V500, int.MaxValue, out _));
            Assert.Equal(cut, partial.Length);
        }
    }

    [Fact]
    public void Properties_that_do_not_belong_to_a_packet_are_a_protocol_error()
    {
        // PUBLISH carrying Session Expiry Interval (0x11).
        var bytes = new byte[] { 0x30, 0x09, 0x00, 0x01, 0x61, 0x05, 0x11, 0x00, 0x00, 0x00, 0x01 };
        var buffer = new ReadOnlySequence<byte>(bytes);
        MqttPacket packet = null!;
        var error = Assert.Throws<MqttProtocolException>(() => PacketReader.TryRead(ref buffer, MqttVersion.V500, int.MaxValue, out packet));
        Assert.Equal(MqttProtocolException.ProtocolError, error.ReasonCode);
    }
}
