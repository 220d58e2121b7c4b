using Vigil.Mqtt.Protocol;
using Vigil.Mqtt.Tests.Support;

namespace Vigil.Mqtt.Tests.Broker;

/// <summary>The behaviours the Paho interoperability suites check in both protocol versions.</summary>
public sealed class DeliveryTests : IAsyncLifetime
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
    public async Task Messages_at_qos_0_1_and_2_arrive_once_each_at_the_granted_qos(MqttVersion version)
    {
        await using var client = await _broker.ConnectAsync("basic", version);
        var granted = await client.SubscribeAsync([new TopicSubscription("TopicA", MqttQoS.ExactlyOnce)]);
        Assert.Equal([2], granted);

        await client.PublishAsync("TopicA", "qos 0");
        Assert.Equal(0, await client.PublishAsync("TopicA", "qos 1", MqttQoS.AtLeastOnce));
        Assert.Equal(0, await client.PublishAsync("TopicA", "qos 2", MqttQoS.ExactlyOnce));

        var received = await client.DrainAsync(700);
        Assert.Equal(["qos 0", "qos 1", "qos 2"], received.Select(m => m.PayloadText));
        Assert.Equal([MqttQoS.AtMostOnce, MqttQoS.AtLeastOnce, MqttQoS.ExactlyOnce], received.Select(m => m.Packet.QoS));
    }

    [Theory]
    [InlineData(MqttVersion.V311)]
    [InlineData(MqttVersion.V500)]
    public async Task Retained_messages_reach_later_subscribers_until_cleared_with_an_empty_payload(MqttVersion version)
    {
        await using (var publisher = await _broker.ConnectAsync("retainer", version))
        {
            await publisher.PublishAsync("retained/a", "qos 0", MqttQoS.AtMostOnce, retain: true);
            await publisher.PublishAsync("retained/b", "qos 1", MqttQoS.AtLeastOnce, retain: true);
            await publisher.PublishAsync("retained/c", "qos 2", MqttQoS.ExactlyOnce, retain: true);
        }
        await using var subscriber = await _broker.ConnectAsync("late", version);
        await subscriber.SubscribeAsync("retained/+", MqttQoS.ExactlyOnce);
        var retained = await subscriber.DrainAsync(700);
        Assert.Equal(["qos 0", "qos 1", "qos 2"], retained.Select(m => m.PayloadText).Order());
        Assert.All(retained, m => Assert.True(m.Packet.Retain));

        foreach (var topic in new[] { "retained/a", "retained/b", "retained/c" })
        {
            await subscriber.PublishAsync(topic, "", MqttQoS.AtLeastOnce, retain: true);
        }
        await subscriber.DrainAsync(300);
        await using var third = await _broker.ConnectAsync("third", version);
        await third.SubscribeAsync("retained/+", MqttQoS.ExactlyOnce);
        Assert.Empty(await third.DrainAsync(500));
    }

    [Fact]
    public async Task A_311_client_with_an_empty_id_is_accepted_only_with_a_clean_session()
    {
        await using var clean = await _broker.ConnectAsync("", MqttVersion.V311);
        Assert.Equal(0, clean.ConnAck.ReasonCode);

        var options = _broker.Options("", MqttVersion.V311);
        options.CleanStart = false;
        await using var persistent = await Client.MqttClient.OpenAsync(options);
        Assert.Equal(0x02, persistent.ConnAck.ReasonCode);
        await persistent.Closed.WaitAsync(TimeSpan.FromSeconds(5));
    }

    [Theory]
    [InlineData(MqttVersion.V311)]
    [InlineData(MqttVersion.V500)]
    public async Task Messages_for_an_offline_persistent_session_are_queued_and_delivered_with_session_present(MqttVersion version)
    {
        void Persistent(Client.MqttClientOptions o)
        {
            o.CleanStart = false;
            o.ConnectProperties = version == MqttVersion.V500 ? new MqttProperties { SessionExpiryInterval = 60 } : null;
        }
        var first = await _broker.ConnectAsync("offline", version, Persistent);
        Assert.False(first.ConnAck.SessionPresent);
        await first.SubscribeAsync("offline/+", MqttQoS.ExactlyOnce);
        await first.DisconnectAsync();
        await first.Closed.WaitAsync(TimeSpan.FromSeconds(5)); // the broker has detached the session by the time it closes the socket

        await using (var publisher = await _broker.ConnectAsync("offline-publisher", version))
        {
            await publisher.PublishAsync("offline/1", "one", MqttQoS.AtLeastOnce);
            await publisher.PublishAsync("offline/2", "two", MqttQoS.ExactlyOnce);
        }

        await using var again = await _broker.ConnectAsync("offline", version, Persistent);
        Assert.True(again.ConnAck.SessionPresent);
        var queued = await again.DrainAsync(700);
        Assert.Equal(["one", "two"], queued.Select(m => m.PayloadText));
    }

    [Theory]
    [InlineData(MqttVersion.V311)]
    [InlineData(MqttVersion.V500)]
    public async Task Overlapping_subscriptions_deliver_one_copy_at_the_highest_qos(MqttVersion version)
    {
        await using var client = await _broker.ConnectAsync("overlap", version);
        await client.SubscribeAsync([new TopicSubscription("overlap/#", MqttQoS.ExactlyOnce), new TopicSubscription("overlap/+", MqttQoS.AtLeastOnce)]);
        await client.PublishAsync("overlap/x", "m", MqttQoS.ExactlyOnce);
        var received = await client.DrainAsync(500);
        var only = Assert.Single(received);
        Assert.Equal(MqttQoS.ExactlyOnce, only.Packet.QoS);
    }

    [Theory]
    [InlineData(MqttVersion.V311)]
    [InlineData(MqttVersion.V500)]
    public async Task A_refused_filter_fails_in_the_suback_and_nothing_is_delivered_on_it(MqttVersion version)
    {
        await using var client = await _broker.ConnectAsync("refused", version);
        var codes = await client.SubscribeAsync([new TopicSubscription("test/nosubscribe", MqttQoS.ExactlyOnce), new TopicSubscription("test/ok")]);
        Assert.Equal(version == MqttVersion.V500 ? 0x87 : 0x80, codes[0]);
        Assert.Equal(0, codes[1]);
        await client.PublishAsync("test/nosubscribe", "x", MqttQoS.AtLeastOnce);
        Assert.Empty(await client.DrainAsync(300));
    }

    [Theory]
    [InlineData(MqttVersion.V311)]
    [InlineData(MqttVersion.V500)]
    public async Task Dollar_topics_are_not_matched_by_leading_wildcards(MqttVersion version)
    {
        await using var client = await _broker.ConnectAsync("dollar", version);
        await client.SubscribeAsync([new TopicSubscription("+/+", MqttQoS.AtLeastOnce), new TopicSubscription("#", MqttQoS.AtLeastOnce)]);
        await client.PublishAsync("$dollar/x", "hidden", MqttQoS.AtLeastOnce);
        await client.PublishAsync("plain/x", "seen", MqttQoS.AtLeastOnce);
        Assert.Equal(["seen"], (await client.DrainAsync(500)).Select(m => m.PayloadText));
    }

    [Theory]
    [InlineData(MqttVersion.V311)]
    [InlineData(MqttVersion.V500)]
    public async Task After_unsubscribing_nothing_more_arrives_on_that_filter(MqttVersion version)
    {
        await using var client = await _broker.ConnectAsync("unsub", version);
        await client.SubscribeAsync([new TopicSubscription("u/a", MqttQoS.AtLeastOnce), new TopicSubscription("u/b", MqttQoS.AtLeastOnce)]);
        var codes = await client.UnsubscribeAsync("u/a", "u/never");
        if (version == MqttVersion.V500)
        {
            Assert.Equal([0x00, 0x11], codes);
        }
        await client.PublishAsync("u/a", "gone", MqttQoS.AtLeastOnce);
        await client.PublishAsync("u/b", "kept", MqttQoS.AtLeastOnce);
        Assert.Equal(["kept"], (await client.DrainAsync(500)).Select(m => m.PayloadText));
    }
}
