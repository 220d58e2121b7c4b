using Vigil.Mqtt.Protocol;
using Vigil.Mqtt.Tests.Support;

namespace Vigil.Mqtt.Tests.Broker;

/// <summary>The MQTT 5.0 features of the Paho v5 suite.</summary>
public sealed class Version5Tests : IAsyncLifetime
{
    private TestBroker _broker = null!;

    public Task InitializeAsync()
    {
        _broker = TestBroker.Start(o => o.ServerKeepAlive = null);
        return Task.CompletedTask;
    }

    public async Task DisposeAsync() => await _broker.DisposeAsync();

    [Fact]
    public async Task User_properties_payload_format_content_type_and_correlation_travel_in_order()
    {
        await using var client = await _broker.ConnectAsync("props");
        await client.SubscribeAsync("props/x", MqttQoS.AtLeastOnce);
        var sent = new MqttProperties { PayloadFormatIndicator = 1, ContentType = "application/json", ResponseTopic = "props/reply", CorrelationData = [1, 2, 3] }
            .AddUserProperty("a", "2").AddUserProperty("c", "3").AddUserProperty("a", "1");
        await client.PublishAsync("props/x", "{}", MqttQoS.AtLeastOnce, properties: sent);

        var received = (await client.ReceiveAsync()).Packet.Properties!;
        Assert.Equal(1, received.PayloadFormatIndicator!.Value);
        Assert.Equal("application/json", received.ContentType);
        Assert.Equal("props/reply", received.ResponseTopic);
        Assert.Equal([1, 2, 3], received.CorrelationData!);
        Assert.Equal(sent.UserProperties, received.UserProperties);
    }

    [Fact]
    public async Task Request_and_response_meet_through_the_response_topic_and_correlation_data()
    {
        await using var responder = await _broker.ConnectAsync("responder");
        await responder.SubscribeAsync("service/request", MqttQoS.AtLeastOnce);
        await using var requester = await _broker.ConnectAsync("requester");
        await requester.SubscribeAsync("requester/replies", MqttQoS.AtLeastOnce);

        await requester.PublishAsync("service/request", "ping", MqttQoS.AtLeastOnce,
            properties: new MqttProperties { ResponseTopic = "requester/replies", CorrelationData = [42] });
        var request = (await responder.ReceiveAsync()).Packet.Properties!;
        await responder.PublishAsync(request.ResponseTopic!, "pong", MqttQoS.AtLeastOnce, properties: new MqttProperties { CorrelationData = request.CorrelationData });

        var reply = await requester.ReceiveAsync();
        Assert.Equal("pong", reply.PayloadText);
        Assert.Equal([42], reply.Packet.Properties!.CorrelationData!);
    }

    [Fact]
    public async Task An_expired_message_is_not_delivered_and_the_remaining_interval_is_counted_down()
    {
        var offline = await _broker.ConnectAsync("expiry-sub", configure: o => { o.CleanStart = false; o.ConnectProperties = new MqttProperties { SessionExpiryInterval = 60 }; });
        await offline.SubscribeAsync("expiry/#", MqttQoS.AtLeastOnce);
        await offline.DisconnectAsync();
        await offline.Closed.WaitAsync(TimeSpan.FromSeconds(5)); // the broker has detached the session by the time it closes the socket
        await using (var publisher = await _broker.ConnectAsync("expiry-pub"))
        {
            await publisher.PublishAsync("expiry/short", "short", MqttQoS.AtLeastOnce, properties: new MqttProperties { MessageExpiryInterval = 1 });
            await publisher.PublishAsync("expiry/long", "long", MqttQoS.AtLeastOnce, properties: new MqttProperties { MessageExpiryInterval = 60 });
            await publisher.PublishAsync("expiry/retained", "r", MqttQoS.AtLeastOnce, retain: true, properties: new MqttProperties { MessageExpiryInterval = 1 });
        }
        await Task.Delay(2100);
        await using var back = await _broker.ConnectAsync("expiry-sub", configure: o => { o.CleanStart = false; o.ConnectProperties = new MqttProperties { SessionExpiryInterval = 60 }; });
        var received = Assert.Single(await back.DrainAsync(500));
        Assert.Equal("long", received.PayloadText);
        Assert.InRange(received.Packet.Properties!.MessageExpiryInterval!.Value, 55u, 59u);
        await back.SubscribeAsync("expiry/retained");
        Assert.Empty(await back.DrainAsync(300));
    }

    [Fact]
    public async Task Subscribe_options_no_local_retain_as_published_and_retain_handling_are_honoured()
    {
        await using var client = await _broker.ConnectAsync("options");
        await client.SubscribeAsync([new TopicSubscription("opt/local", MqttQoS.AtLeastOnce, NoLocal: true)]);
        await client.PublishAsync("opt/local", "mine", MqttQoS.AtLeastOnce);
        Assert.Empty(await client.DrainAsync(300));

        await client.SubscribeAsync([new TopicSubscription("opt/rap", MqttQoS.AtLeastOnce, RetainAsPublished: true), new TopicSubscription("opt/plain", MqttQoS.AtLeastOnce)]);
        await client.PublishAsync("opt/rap", "r1", MqttQoS.AtLeastOnce, retain: true);
        await client.PublishAsync("opt/plain", "p1", MqttQoS.AtLeastOnce, retain: true);
        var live = await client.DrainAsync(400);
        Assert.True(live.Single(m => m.Topic == "opt/rap").Packet.Retain);
        Assert.False(live.Single(m => m.Topic == "opt/plain").Packet.Retain);

        await client.SubscribeAsync([new TopicSubscription("opt/plain", MqttQoS.AtLeastOnce, RetainHandling: RetainHandling.SendIfNew)]);
        Assert.Empty(await client.DrainAsync(300));
        await client.SubscribeAsync([new TopicSubscription("opt/plain", MqttQoS.AtLeastOnce, RetainHandling: RetainHandling.SendAtSubscribe)]);
        Assert.Single(await client.DrainAsync(300));
        await using var other = await _broker.ConnectAsync("options-other");
        await other.SubscribeAsync([new TopicSubscription("opt/plain", MqttQoS.AtLeastOnce, RetainHandling: RetainHandling.DoNotSend)]);
        Assert.Empty(await other.DrainAsync(300));
    }

    [Fact]
    public async Task An_empty_client_id_gets_an_assigned_identifier()
    {
        await using var client = await _broker.ConnectAsync("");
        Assert.StartsWith("auto-", client.ConnAck.Properties!.AssignedClientIdentifier);
    }

    [Fact]
    public async Task Subscription_identifiers_come_back_on_every_matching_delivery()
    {
        await using var client = await _broker.ConnectAsync("subids");
        await client.SubscribeAsync([new TopicSubscription("ids/+", MqttQoS.AtLeastOnce)], new MqttProperties { SubscriptionIdentifiers = [7] });
        await client.SubscribeAsync([new TopicSubscription("ids/#", MqttQoS.AtLeastOnce)], new MqttProperties { SubscriptionIdentifiers = [9] });
        await client.PublishAsync("ids/x", "m", MqttQoS.AtLeastOnce);
        var received = Assert.Single(await client.DrainAsync(400));
        Assert.Equal([7, 9], received.Packet.Properties!.SubscriptionIdentifiers!.Order());
    }

    [Fact]
    public async Task Topic_aliases_work_from_client_to_broker_and_from_broker_to_client()
    {
        await using var client = await _broker.ConnectAsync("aliases", configure: o => o.ConnectProperties = new MqttProperties { TopicAliasMaximum = 5 });
        Assert.Equal((ushort)32, client.ConnAck.Properties!.TopicAliasMaximum);
        await client.SubscribeAsync("alias/topic", MqttQoS.AtLeastOnce);
        await client.PublishAsync("alias/topic", "set", MqttQoS.AtLeastOnce, properties: new MqttProperties { TopicAlias = 1 });
        await client.PublishAsync("", "used", MqttQoS.AtLeastOnce, properties: new MqttProperties { TopicAlias = 1 });

        var received = await client.DrainAsync(400);
        Assert.Equal(["alias/topic", "alias/topic"], received.Select(m => m.Topic));
        Assert.Equal(["alias/topic", ""], received.Select(m => m.Packet.Topic));
        Assert.All(received, m => Assert.Equal((ushort)1, m.Packet.Properties!.TopicAlias));

        await client.PublishAsync("", "unknown", MqttQoS.AtMostOnce, properties: new MqttProperties { TopicAlias = 2 });
        Assert.Equal((byte?)0x82, (await client.Closed.WaitAsync(TimeSpan.FromSeconds(5)))?.ReasonCode);
    }

    [Fact]
    public async Task Messages_larger_than_the_clients_maximum_packet_size_are_not_sent_to_it()
    {
        await using var client = await _broker.ConnectAsync("small", configure: o => o.ConnectProperties = new MqttProperties { MaximumPacketSize = 100 });
        await client.SubscribeAsync("size/#", MqttQoS.AtLeastOnce);
        await client.PublishAsync("size/big", new string('x', 200), MqttQoS.AtLeastOnce);
        await client.PublishAsync("size/small", "fits", MqttQoS.AtLeastOnce);
        Assert.Equal(["fits"], (await client.DrainAsync(400)).Select(m => m.PayloadText));
    }

    [Fact]
    public async Task The_server_keep_alive_overrides_the_clients()
    {
        await using var broker = TestBroker.Start(o => o.ServerKeepAlive = 1);
        await using var client = await broker.ConnectAsync("server-ka", configure: o => { o.KeepAlive = 600; o.SendPings = false; });
        Assert.Equal((ushort)1, client.ConnAck.Properties!.ServerKeepAlive);
        Assert.Equal((byte?)0x8D, (await client.Closed.WaitAsync(TimeSpan.FromSeconds(4)))?.ReasonCode);
    }

    [Fact]
    public async Task The_broker_sends_no_more_unacknowledged_messages_than_the_clients_receive_maximum()
    {
        await using var slow = await _broker.ConnectAsync("slow", configure: o => { o.AutoAcknowledge = false; o.ConnectProperties = new MqttProperties { ReceiveMaximum = 2 }; });
        await slow.SubscribeAsync("flow/x", MqttQoS.AtLeastOnce);
        await using var publisher = await _broker.ConnectAsync("flow-pub");
        for (var i = 0; i < 5; i++)
        {
            await publisher.PublishAsync("flow/x", i.ToString(), MqttQoS.AtLeastOnce);
        }
        var window = await slow.DrainAsync(400);
        Assert.Equal(["0", "1"], window.Select(m => m.PayloadText));
        await slow.AcknowledgeAsync(window[0]);
        Assert.Equal(["2"], (await slow.DrainAsync(400)).Select(m => m.PayloadText));
    }

    [Fact]
    public async Task A_client_exceeding_the_brokers_receive_maximum_is_disconnected()
    {
        await using var broker = TestBroker.Start(o => o.ReceiveMaximum = 2);
        using var raw = await broker.ConnectRawAsync();
        await raw.SendAsync(new ConnectPacket { ClientId = "greedy" }, MqttVersion.V500);
        var connAck = await raw.ReadAsync(2);
        await raw.ReadAsync(connAck[1]);
        for (ushort id = 1; id <= 3; id++)
        {
            // QoS 2 publishes never released with PUBREL stay counted against the receive maximum.
            await raw.SendAsync(new PublishPacket { Topic = "greedy", QoS = MqttQoS.ExactlyOnce, PacketId = id, Payload = "x"u8.ToArray() }, MqttVersion.V500);
        }
        Assert.Equal([0x50, 0x02, 0x00, 0x01, 0x50, 0x02, 0x00, 0x02, 0xE0, 0x02, 0x93, 0x00], await raw.ReadUntilClosedAsync());
    }

    [Fact]
    public async Task A_shared_subscription_gives_each_message_to_one_member_of_the_group()
    {
        await using var a = await _broker.ConnectAsync("worker-a", MqttVersion.V311);
        await using var b = await _broker.ConnectAsync("worker-b");
        await using var plain = await _broker.ConnectAsync("plain");
        await a.SubscribeAsync("$share/workers/jobs/+", MqttQoS.AtLeastOnce);
        await b.SubscribeAsync("$share/workers/jobs/+", MqttQoS.AtLeastOnce);
        await plain.SubscribeAsync("jobs/+", MqttQoS.AtLeastOnce);
        for (var i = 0; i < 10; i++)
        {
            await plain.PublishAsync("jobs/" + i, i.ToString(), MqttQoS.AtLeastOnce);
        }
        var toA = await a.DrainAsync(500);
        var toB = await b.DrainAsync(100);
        Assert.Equal(10, toA.Count + toB.Count);
        Assert.NotEmpty(toA);
        Assert.NotEmpty(toB);
        Assert.Equal(10, toA.Concat(toB).Select(m => m.PayloadText).Distinct().Count());
        Assert.Equal(10, (await plain.DrainAsync(100)).Count);
    }

    [Fact]
    public async Task Broker_statistics_appear_under_dollar_sys()
    {
        await using var admin = await _broker.ConnectAsync("stats");
        await admin.SubscribeAsync("$SYS/broker/clients/connected");
        var stat = await admin.ReceiveAsync(2000);
        Assert.True(long.Parse(stat.PayloadText) >= 1);
        Assert.NotEqual(0, await admin.PublishAsync("$SYS/broker/clients/connected", "0", MqttQoS.AtLeastOnce));
    }
}
