using System.Globalization;
using Vigil.Mqtt.Client;
using Vigil.Mqtt.Protocol;
using Vigil.Mqtt.Tests.Support;

namespace Vigil.Mqtt.Tests.Broker;

/// <summary>Keep-alive, wills, redelivery, takeover and session expiry.</summary>
public sealed class SessionTests : IAsyncLifetime
{
    private TestBroker _broker = null!;

    public Task InitializeAsync()
    {
        _broker = TestBroker.Start();
        return Task.CompletedTask;
    }

    public async Task DisposeAsync() => await _broker.DisposeAsync();

    [Theory]
    [InlineData(MqttVersion.V311)]
    [InlineData(MqttVersion.V500)]
    public async Task A_silent_client_is_dropped_after_one_and_a_half_keep_alives_and_its_will_is_published(MqttVersion version)
    {
        await using var watcher = await _broker.ConnectAsync("watcher", version);
        await watcher.SubscribeAsync("wills/#", MqttQoS.AtLeastOnce);
        await using var silent = await _broker.ConnectAsync("silent", version, o =>
        {
            o.KeepAlive = 1;
            o.SendPings = false;
            o.Will = new WillMessage { Topic = "wills/silent", Payload = "gone"u8.ToArray(), QoS = MqttQoS.AtLeastOnce };
        });

        var will = await watcher.ReceiveAsync(4000);
        Assert.Equal("wills/silent", will.Topic);
        Assert.Equal("gone", will.PayloadText);
        var disconnect = await silent.Closed.WaitAsync(TimeSpan.FromSeconds(2));
        if (version == MqttVersion.V500)
        {
            Assert.Equal((byte?)0x8D, disconnect?.ReasonCode);
        }
    }

    [Fact]
    public async Task A_normal_disconnect_discards_the_will_and_disconnect_with_will_publishes_it()
    {
        await using var watcher = await _broker.ConnectAsync("will-watcher");
        await watcher.SubscribeAsync("wills/#");
        var polite = await _broker.ConnectAsync("polite", configure: o => o.Will = new WillMessage { Topic = "wills/polite", Payload = "x"u8.ToArray() });
        await polite.DisconnectAsync();
        var withWill = await _broker.ConnectAsync("with-will", configure: o => o.Will = new WillMessage { Topic = "wills/with-will", Payload = "y"u8.ToArray() });
        await withWill.DisconnectAsync(0x04);
        var crashed = await _broker.ConnectAsync("crashed", configure: o => o.Will = new WillMessage { Topic = "wills/crashed", Payload = "z"u8.ToArray() });
        await crashed.AbortAsync();

        Assert.Equal(["wills/crashed", "wills/with-will"], (await watcher.DrainAsync(700)).Select(m => m.Topic).Order());
    }

    [Theory]
    [InlineData(MqttVersion.V311)]
    [InlineData(MqttVersion.V500)]
    public async Task Unacknowledged_messages_are_redelivered_with_dup_on_reconnect(MqttVersion version)
    {
        void Manual(MqttClientOptions o)
        {
            o.CleanStart = false;
            o.AutoAcknowledge = false;
            o.ConnectProperties = version == MqttVersion.V500 ? new MqttProperties { SessionExpiryInterval = 60 } : null;
        }
        var first = await _broker.ConnectAsync("redeliver", version, Manual);
        await first.SubscribeAsync("redeliver/#", MqttQoS.ExactlyOnce);
        await using var publisher = await _broker.ConnectAsync("redeliver-publisher", version);
        await publisher.PublishAsync("redeliver/1", "one", MqttQoS.AtLeastOnce);
        await publisher.PublishAsync("redeliver/2", "two", MqttQoS.ExactlyOnce);
        var firstTime = await first.DrainAsync(500);
        Assert.Equal(["one", "two"], firstTime.Select(m => m.PayloadText));
        Assert.All(firstTime, m => Assert.False(m.Packet.Duplicate));
        await first.AbortAsync();

        await using var again = await _broker.ConnectAsync("redeliver", version, o => { Manual(o); o.AutoAcknowledge = true; });
        var redelivered = await again.DrainAsync(700);
        Assert.Equal(["one", "two"], redelivered.Select(m => m.PayloadText));
        Assert.All(redelivered, m => Assert.True(m.Packet.Duplicate));
        Assert.Equal(firstTime.Select(m => m.Packet.PacketId), redelivered.Select(m => m.Packet.PacketId));
    }

    /// <summary>A v5 client whose session outlives its connection and which acknowledges messages itself.</summary>
    private static void KeptAndAcknowledgedByHand(MqttClientOptions o)
    {
        o.CleanStart = false;
        o.AutoAcknowledge = false;
        o.ConnectProperties = new MqttProperties { SessionExpiryInterval = 60 };
    }

    [Fact]
    public async Task Messages_acknowledged_out_of_order_leave_the_others_to_be_redelivered_in_the_order_sent()
    {
        var first = await _broker.ConnectAsync("out-of-order", MqttVersion.V500, KeptAndAcknowledgedByHand);
        await first.SubscribeAsync("out-of-order/#", MqttQoS.AtLeastOnce);
        await using var publisher = await _broker.ConnectAsync("out-of-order-publisher");
        foreach (var n in new[] { "1", "2", "3", "4", "5" })
        {
            await publisher.PublishAsync("out-of-order/x", n, MqttQoS.AtLeastOnce);
        }
        var received = await first.DrainAsync(500);
        Assert.Equal(["1", "2", "3", "4", "5"], received.Select(m => m.PayloadText));
        foreach (var index in new[] { 3, 0, 4 }) // the fourth, the first (the oldest in flight), the fifth (the newest)
        {
            await first.AcknowledgeAsync(received[index]);
        }
        await first.PingAsync(); // the broker has read the acknowledgements before this answer
        await first.AbortAsync();

        await using var again = await _broker.ConnectAsync("out-of-order", MqttVersion.V500, o => { KeptAndAcknowledgedByHand(o); o.AutoAcknowledge = true; });
        var redelivered = await again.DrainAsync(700);
        Assert.Equal(["2", "3"], redelivered.Select(m => m.PayloadText));
        Assert.All(redelivered, m => Assert.True(m.Packet.Duplicate));
    }

    [Fact]
    public async Task Many_messages_in_flight_acknowledged_out_of_order_leave_exactly_the_others_and_then_none()
    {
        var first = await _broker.ConnectAsync("many-in-flight", MqttVersion.V500, KeptAndAcknowledgedByHand);
        await first.SubscribeAsync("many-in-flight/#", MqttQoS.AtLeastOnce);
        await using var publisher = await _broker.ConnectAsync("many-in-flight-publisher");
        var sent = Enumerable.Range(1, 20).Select(n => n.ToString(CultureInfo.InvariantCulture)).ToArray();
        foreach (var n in sent)
        {
            await publisher.PublishAsync("many-in-flight/x", n, MqttQoS.AtLeastOnce);
        }
        var received = await first.DrainAsync(500);
        Assert.Equal(sent, received.Select(m => m.PayloadText));
        Assert.Equal(20, received.Select(m => m.Packet.PacketId).Distinct().Count());
        // More than a short list holds, acknowledged newest first except three, one of them the oldest.
        var unacknowledged = new[] { 0, 8, 16 };
        foreach (var index in Enumerable.Range(0, 20).Reverse().Except(unacknowledged))
        {
            await first.AcknowledgeAsync(received[index]);
        }
        await first.AcknowledgeAsync(received[19]); // twice: the second finds nothing in flight and changes nothing
        await first.PingAsync();
        await first.AbortAsync();

        var again = await _broker.ConnectAsync("many-in-flight", MqttVersion.V500, o => { KeptAndAcknowledgedByHand(o); o.AutoAcknowledge = true; });
        Assert.Equal(["1", "9", "17"], (await again.DrainAsync(700)).Select(m => m.PayloadText));
        await publisher.PublishAsync("many-in-flight/x", "21", MqttQoS.AtLeastOnce);
        Assert.Equal(["21"], (await again.DrainAsync(500)).Select(m => m.PayloadText));
        await again.PingAsync();
        await again.AbortAsync();

        await using var last = await _broker.ConnectAsync("many-in-flight", MqttVersion.V500, KeptAndAcknowledgedByHand);
        Assert.Empty(await last.DrainAsync(500)); // every one was acknowledged: nothing is left to redeliver
    }

    [Fact]
    public async Task A_second_connection_with_the_same_id_takes_the_session_over()
    {
        var first = await _broker.ConnectAsync("takeover", configure: o => { o.CleanStart = false; o.ConnectProperties = new MqttProperties { SessionExpiryInterval = 60 }; });
        await first.SubscribeAsync("takeover/x", MqttQoS.AtLeastOnce);
        await using var second = await _broker.ConnectAsync("takeover", configure: o => { o.CleanStart = false; o.ConnectProperties = new MqttProperties { SessionExpiryInterval = 60 }; });

        Assert.Equal((byte?)0x8E, (await first.Closed.WaitAsync(TimeSpan.FromSeconds(5)))?.ReasonCode);
        Assert.True(second.ConnAck.SessionPresent);
        await second.PublishAsync("takeover/x", "still subscribed", MqttQoS.AtLeastOnce);
        Assert.Equal("still subscribed", (await second.ReceiveAsync()).PayloadText);
    }

    [Fact]
    public async Task A_session_expires_after_its_interval_and_the_interval_can_change_at_disconnect()
    {
        static void Expiring(MqttClientOptions o, uint seconds)
        {
            o.CleanStart = false;
            o.ConnectProperties = new MqttProperties { SessionExpiryInterval = seconds };
        }
        var shortLived = await _broker.ConnectAsync("expiring", configure: o => Expiring(o, 1));
        await shortLived.SubscribeAsync("expiry/x");
        await shortLived.DisconnectAsync();
        await Task.Delay(1600);
        await using (var back = await _broker.ConnectAsync("expiring", configure: o => Expiring(o, 60)))
        {
            Assert.False(back.ConnAck.SessionPresent);
            await back.DisconnectAsync(0, new MqttProperties { SessionExpiryInterval = 0 });
        }
        // The next CONNECT travels on another socket: give the broker the moment it needs to read the DISCONNECT.
        await Task.Delay(200);
        await using var gone = await _broker.ConnectAsync("expiring", configure: o => Expiring(o, 60));
        Assert.False(gone.ConnAck.SessionPresent);

        var zero = await _broker.ConnectAsync("zero-expiry");
        await zero.SendAsync(new DisconnectPacket { Properties = new MqttProperties { SessionExpiryInterval = 30 } });
        Assert.Equal((byte?)0x82, (await zero.Closed.WaitAsync(TimeSpan.FromSeconds(5)))?.ReasonCode);
        await zero.DisposeAsync();
    }

    [Fact]
    public async Task A_will_delay_holds_the_will_and_a_reconnect_within_the_delay_cancels_it()
    {
        await using var watcher = await _broker.ConnectAsync("delay-watcher");
        await watcher.SubscribeAsync("delayed/#");
        // Both delays are long enough that a slow, loaded machine still finishes the steps between them in time.
        WillMessage Will(string name) => new()
        {
            Topic = "delayed/" + name,
            Payload = "w"u8.ToArray(),
            Properties = new MqttProperties { WillDelayInterval = name == "returning" ? 4u : 2u },
        };
        void Options(MqttClientOptions o, string name)
        {
            o.CleanStart = false;
            o.ConnectProperties = new MqttProperties { SessionExpiryInterval = 60 };
            o.Will = Will(name);
        }
        var delayed = await _broker.ConnectAsync("delayed", configure: o => Options(o, "delayed"));
        await delayed.AbortAsync();
        var returning = await _broker.ConnectAsync("returning", configure: o => Options(o, "returning"));
        await returning.AbortAsync();
        Assert.Empty(await watcher.DrainAsync(400));
        await using var back = await _broker.ConnectAsync("returning", configure: o => Options(o, "returning"));

        var will = await watcher.ReceiveAsync(4000);
        Assert.Equal("delayed/delayed", will.Topic);
        Assert.Empty(await watcher.DrainAsync(4000));
    }

    [Fact]
    public async Task Stopping_the_broker_tells_a_v5_client_that_the_server_is_shutting_down()
    {
        await using var broker = TestBroker.Start();
        await using var client = await broker.ConnectAsync("shutdown-listener");

        await broker.Broker.DisposeAsync();

        var disconnect = await client.Closed.WaitAsync(TimeSpan.FromSeconds(5));
        Assert.Equal((byte)0x8B, disconnect?.ReasonCode);
    }

    [Fact]
    public async Task The_connect_deadline_leaves_a_connected_client_alone()
    {
        await using var broker = TestBroker.Start(o => o.ConnectTimeout = TimeSpan.FromMilliseconds(300));
        await using var client = await broker.ConnectAsync("past-the-deadline");
        await Task.Delay(800);

        await client.SubscribeAsync("deadline/echo", MqttQoS.AtLeastOnce);
        await client.PublishAsync("deadline/echo", "still here", MqttQoS.AtLeastOnce);
        Assert.Equal("still here", (await client.ReceiveAsync()).PayloadText);
    }
}

