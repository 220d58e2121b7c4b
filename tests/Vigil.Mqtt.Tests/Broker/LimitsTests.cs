using Vigil.Mqtt.Client;
using Vigil.Mqtt.Protocol;
using Vigil.Mqtt.Tests.Support;

namespace Vigil.Mqtt.Tests.Broker;

/// <summary>Every limit refuses cleanly and only hurts the client that exceeds it.</summary>
public sealed class LimitsTests
{
    [Fact]
    public async Task Connections_beyond_the_maximum_get_quota_exceeded_and_others_keep_working()
    {
        await using var broker = TestBroker.Start(o => o.MaximumConnections = 2);
        await using var first = await broker.ConnectAsync("one");
        await using var second = await broker.ConnectAsync("two", MqttVersion.V311);
        await using var third = await MqttClient.OpenAsync(broker.Options("three"));
        await using var fourth = await MqttClient.OpenAsync(broker.Options("four", MqttVersion.V311));

        Assert.Equal(0x97, third.ConnAck.ReasonCode);
        Assert.Equal(0x03, fourth.ConnAck.ReasonCode);
        await first.SubscribeAsync("still/up");
        await first.PublishAsync("still/up", "yes");
        Assert.Equal("yes", (await first.ReceiveAsync()).PayloadText);
        await second.DisconnectAsync();
        await Task.Delay(200);
        await using var again = await broker.ConnectAsync("three");
        Assert.Equal(0, again.ConnAck.ReasonCode);
    }

    [Fact]
    public async Task A_client_over_its_publish_rate_gets_0x96_and_the_excess_is_not_delivered()
    {
        await using var broker = TestBroker.Start(o => o.PublishRatePerClient = 5);
        await using var watcher = await broker.ConnectAsync("watcher");
        await watcher.SubscribeAsync("rate/x");
        await using var chatty = await broker.ConnectAsync("chatty");
        var codes = new List<byte>();
        for (var i = 0; i < 20; i++)
        {
            codes.Add(await chatty.PublishAsync("rate/x", i.ToString(), MqttQoS.AtLeastOnce));
        }

        Assert.Contains((byte)0x96, codes);
        Assert.Equal(codes.Count(c => c == 0), (await watcher.DrainAsync(400)).Count);
    }

    [Fact]
    public async Task Messages_for_an_offline_session_beyond_the_queue_bound_are_dropped_and_counted()
    {
        await using var broker = TestBroker.Start(o => o.MaximumQueuedMessages = 3);
        var offline = await broker.ConnectAsync("queued", configure: o => { o.CleanStart = false; o.ConnectProperties = new MqttProperties { SessionExpiryInterval = 60 }; });
        await offline.SubscribeAsync("queue/x", MqttQoS.AtLeastOnce);
        await offline.DisconnectAsync();
        await offline.Closed.WaitAsync(TimeSpan.FromSeconds(5)); // the broker has detached the session by the time it closes the socket
        await using (var publisher = await broker.ConnectAsync("queue-pub"))
        {
            for (var i = 0; i < 10; i++)
            {
                await publisher.PublishAsync("queue/x", i.ToString(), MqttQoS.AtLeastOnce);
            }
        }
        await using var back = await broker.ConnectAsync("queued", configure: o => { o.CleanStart = false; o.ConnectProperties = new MqttProperties { SessionExpiryInterval = 60 }; });

        Assert.Equal(["0", "1", "2"], (await back.DrainAsync(500)).Select(m => m.PayloadText));
        Assert.True(broker.Broker.Statistics.MessagesDropped >= 7);
    }

    [Fact]
    public async Task The_retained_store_stops_taking_new_topics_at_its_bound_but_still_updates_and_clears()
    {
        await using var broker = TestBroker.Start(o => o.MaximumRetainedMessages = 2);
        await using var client = await broker.ConnectAsync("retainer");
        foreach (var topic in new[] { "r/1", "r/2", "r/3" })
        {
            await client.PublishAsync(topic, "v1", MqttQoS.AtLeastOnce, retain: true);
        }
        await client.PublishAsync("r/1", "v2", MqttQoS.AtLeastOnce, retain: true);
        await using var reader = await broker.ConnectAsync("reader");
        await reader.SubscribeAsync("r/+");

        Assert.Equal(["r/1=v2", "r/2=v1"], (await reader.DrainAsync(400)).Select(m => $"{m.Topic}={m.PayloadText}").Order());
    }

    [Fact]
    public async Task A_slow_subscriber_loses_qos0_messages_beyond_its_outgoing_bound_not_the_broker()
    {
        await using var broker = TestBroker.Start(o => o.MaximumOutgoingPackets = 10);
        await using var publisher = await broker.ConnectAsync("fast");
        await using var reader = await broker.ConnectAsync("reader");
        await reader.SubscribeAsync("flood/x");
        var payload = new string('x', 60_000);
        for (var i = 0; i < 300; i++)
        {
            await publisher.PublishAsync("flood/x", payload);
        }
        await publisher.PingAsync();
        var received = await reader.DrainAsync(2000);
        Assert.InRange(received.Count, 1, 300);
        Assert.Equal(300 - received.Count, broker.Broker.Statistics.MessagesDropped);
    }
}
