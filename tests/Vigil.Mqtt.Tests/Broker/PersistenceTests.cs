using Vigil.Mqtt.Client;
using Vigil.Mqtt.Protocol;
using Vigil.Mqtt.Tests.Support;

namespace Vigil.Mqtt.Tests.Broker;

/// <summary>With a persistence directory, persistent sessions and retained messages outlive the broker (engine level; the real kill is in Vigil.Tests).</summary>
public sealed class PersistenceTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("vigil-mqtt-store-").FullName;

    private TestBroker Start() => TestBroker.Start(o => o.PersistenceDirectory = _directory);

    private static void Persistent(MqttClientOptions options, MqttVersion version)
    {
        options.CleanStart = false;
        options.ConnectProperties = version == MqttVersion.V500 ? new MqttProperties { SessionExpiryInterval = 3600 } : null;
    }

    [Theory]
    [InlineData(MqttVersion.V500)]
    [InlineData(MqttVersion.V311)]
    public async Task Messages_acknowledged_for_an_offline_persistent_session_are_delivered_after_a_restart_flagged_dup(MqttVersion version)
    {
        await using (var broker = Start())
        {
            await using (var subscriber = await broker.ConnectAsync("phone", version, o => Persistent(o, version)))
            {
                await subscriber.SubscribeAsync("inbox/phone", MqttQoS.AtLeastOnce);
                await subscriber.DisconnectAsync();
            }
            await using var publisher = await broker.ConnectAsync("sender");
            for (var i = 0; i < 100; i++)
            {
                Assert.Equal(0, await publisher.PublishAsync("inbox/phone", $"m{i}", MqttQoS.AtLeastOnce));
            }
            await publisher.PublishAsync("status/last", "kept", MqttQoS.AtLeastOnce, retain: true);
        }

        await using var restarted = Start();
        await using var back = await restarted.ConnectAsync("phone", version, o => Persistent(o, version));
        Assert.True(back.ConnAck.SessionPresent);
        var received = new List<MqttReceivedMessage>();
        for (var i = 0; i < 100; i++)
        {
            received.Add(await back.ReceiveAsync());
        }
        Assert.Equal(Enumerable.Range(0, 100).Select(i => $"m{i}"), received.Select(m => m.PayloadText));
        Assert.All(received, m => Assert.True(m.Packet.Duplicate));
        await back.SubscribeAsync("status/last", MqttQoS.AtLeastOnce);
        Assert.Equal("kept", (await back.ReceiveAsync()).PayloadText);
    }

    [Fact]
    public async Task A_log_whose_last_record_is_cut_in_half_starts_and_loses_only_that_record()
    {
        await using (var broker = Start())
        {
            await using var publisher = await broker.ConnectAsync("sender");
            await publisher.PublishAsync("a", "first", MqttQoS.AtLeastOnce, retain: true);
            await publisher.PublishAsync("b", "second", MqttQoS.AtLeastOnce, retain: true);
        }
        var log = Path.Combine(_directory, "sessions.log");
        using (var file = new FileStream(log, FileMode.Open))
        {
            file.SetLength(file.Length - 5);
        }

        await using var restarted = Start();
        await using var reader = await restarted.ConnectAsync("reader");
        await reader.SubscribeAsync("#", MqttQoS.AtLeastOnce);
        var kept = await reader.DrainAsync(500);
        Assert.Equal(["a"], kept.Select(m => m.Topic));
    }

    [Fact]
    public async Task A_session_that_ended_is_not_restored_and_a_clean_start_forgets_a_stored_one()
    {
        await using (var broker = Start())
        {
            await using (var kept = await broker.ConnectAsync("kept", configure: o => Persistent(o, MqttVersion.V500)))
            {
                await kept.SubscribeAsync("x", MqttQoS.AtLeastOnce);
            }
            await using (var forgotten = await broker.ConnectAsync("forgotten", configure: o => Persistent(o, MqttVersion.V500)))
            {
                await forgotten.SubscribeAsync("y", MqttQoS.AtLeastOnce);
            }
            await using var clean = await broker.ConnectAsync("forgotten"); // clean start, no expiry: the stored session ends
        }

        await using var restarted = Start();
        Assert.Equal(1, restarted.Broker.SubscriptionCount);
        await using var again = await restarted.ConnectAsync("kept", configure: o => Persistent(o, MqttVersion.V500));
        Assert.True(again.ConnAck.SessionPresent);
    }

    [Fact]
    public async Task A_qos2_message_the_subscriber_had_received_is_not_sent_again_after_a_restart_only_its_pubrel()
    {
        var connect = new ConnectPacket { Version = MqttVersion.V311, ClientId = "q2", CleanStart = false };
        ushort packetId;
        await using (var broker = Start())
        {
            using (var first = await broker.ConnectRawAsync())
            {
                await first.SendAsync(connect, MqttVersion.V311);
                Assert.Equal([0x20, 0x02, 0x00, 0x00], await first.ReadAsync(4));
                await first.SendAsync(new SubscribePacket { PacketId = 1, Subscriptions = [new TopicSubscription("q2/t", MqttQoS.ExactlyOnce)] }, MqttVersion.V311);
                Assert.Equal([0x90, 0x03, 0x00, 0x01, 0x02], await first.ReadAsync(5));
            }
            await using (var publisher = await broker.ConnectAsync("sender"))
            {
                await publisher.PublishAsync("q2/t", "x", MqttQoS.ExactlyOnce);
            }
            using var second = await broker.ConnectRawAsync();
            await second.SendAsync(connect, MqttVersion.V311);
            Assert.Equal([0x20, 0x02, 0x01, 0x00], await second.ReadAsync(4)); // session present
            var publish = await second.ReadAsync(11); // PUBLISH QoS 2, topic "q2/t", packet id, "x"
            Assert.Equal(0x34, publish[0] & 0xF6);
            packetId = (ushort)(publish[8] << 8 | publish[9]);
            await second.SendAsync(new PublishAckPacket(PacketType.PubRec, packetId), MqttVersion.V311);
            Assert.Equal([0x62, 0x02, publish[8], publish[9]], await second.ReadAsync(4)); // PUBREL; no PUBCOMP from us
        }

        await using var restarted = Start();
        using var back = await restarted.ConnectRawAsync();
        await back.SendAsync(connect, MqttVersion.V311);
        Assert.Equal([0x20, 0x02, 0x01, 0x00], await back.ReadAsync(4));
        Assert.Equal([0x62, 0x02, (byte)(packetId >> 8), (byte)packetId], await back.ReadAsync(4)); // PUBREL again, not the PUBLISH
        await back.SendAsync(new PublishAckPacket(PacketType.PubComp, packetId), MqttVersion.V311);
        await Assert.ThrowsAsync<TimeoutException>(() => back.ReadAsync(1)); // and nothing after it
    }

    public void Dispose() => Directory.Delete(_directory, recursive: true);
}
