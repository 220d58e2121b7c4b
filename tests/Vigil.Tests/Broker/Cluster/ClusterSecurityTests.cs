using System.Buffers.Binary;
using NATS.Client.Core;
using Vigil.Broker.Cluster;
using Vigil.Mqtt;
using Vigil.Mqtt.Broker;
using Vigil.Mqtt.Client;
using Vigil.Mqtt.Protocol;
using Vigil.Tests.Support;

namespace Vigil.Tests.Broker.Cluster;

/// <summary>The topic rules and the user-id stamp hold on every node: a cluster is no way around them.</summary>
[Collection(ClusterCollection.Name)]
public sealed class ClusterSecurityTests(VigilCluster cluster)
{
    [Fact]
    public async Task A_phone_on_one_node_cannot_read_another_users_topic_published_on_another_node()
    {
        var victim = await cluster.Nodes[1].NewPhoneUserAsync();
        var snoop = await cluster.Nodes[0].NewPhoneUserAsync();
        await using var snooping = await cluster.Nodes[0].ConnectPhoneAsync(snoop);
        var refused = await snooping.SubscribeAsync([new TopicSubscription(victim.UserId + "_contact_list", MqttQoS.AtLeastOnce), new TopicSubscription("#", MqttQoS.AtLeastOnce)]);
        Assert.All(refused, code => Assert.Equal(0x87, code));
        await using var owner = await cluster.Nodes[1].ConnectPhoneAsync(victim);
        await owner.SubscribeAsync(victim.UserId + "_contact_list", MqttQoS.AtLeastOnce);

        await owner.PublishAsync("get_contact_list", "{}", MqttQoS.AtLeastOnce);

        Assert.Equal(victim.UserId + "_contact_list", (await owner.ReceiveAsync(10_000)).Topic);
        Assert.Empty(await snooping.DrainAsync(500));
    }

    [Fact]
    public async Task A_forged_user_id_is_replaced_by_the_node_the_phone_is_on_before_a_handler_on_another_node_sees_it()
    {
        await using var handler = await cluster.HandlerAsync(2, "spy");
        await handler.SubscribeAsync("request_contact", MqttQoS.AtLeastOnce);
        await Task.Delay(300);
        var phone = await cluster.Nodes[0].NewPhoneUserAsync();
        await using var client = await cluster.Nodes[0].ConnectPhoneAsync(phone);

        await client.PublishAsync("request_contact", """{"contactUserId":"x"}""", MqttQoS.AtLeastOnce,
            properties: new MqttProperties().AddUserProperty("user-id", "someone-else"));

        var seen = await handler.ReceiveAsync();
        Assert.Equal([phone.UserId], seen.Packet.Properties!.UserProperties!.Where(p => p.Key == "user-id").Select(p => p.Value));
    }

    [Fact]
    public async Task An_envelope_on_NATS_with_an_expiry_no_date_can_hold_is_dropped_and_the_node_goes_on_receiving_its_topic()
    {
        var phone = await cluster.Nodes[1].NewPhoneUserAsync();
        var topic = phone.UserId + "_contact_list";
        await using var owner = await cluster.Nodes[1].ConnectPhoneAsync(phone);
        await owner.SubscribeAsync(topic, MqttQoS.AtLeastOnce);
        await using var handler = await cluster.HandlerAsync(0, "after-forgery");
        await using var nats = new NatsConnection(new NatsOpts { Url = cluster.Nats.Urls });

        // An envelope whose expiry is past DateTimeOffset.MaxValue: reading it threw, and NATS.Net ends a subscription
        // whose receive throws, so the node stopped hearing the topic from the other nodes (found by fuzz/run.sh).
        var message = new MqttApplicationMessage { Topic = topic, Payload = "{}"u8.ToArray() };
        var envelope = new byte[MqttClusterEnvelope.SizeOf(message)];
        MqttClusterEnvelope.Write(envelope, message, Guid.NewGuid(), 1);
        byte[] forged = [envelope[0], (byte)(envelope[1] | 8), .. envelope[2..26], .. new byte[8], .. envelope[26..]]; // flag 8: an expiry follows the header
        BinaryPrimitives.WriteInt64LittleEndian(forged.AsSpan(26), long.MaxValue);
        await nats.PublishAsync(new NatsSubjects(new ClusterOptions().SubjectPrefix).FromTopic(topic), forged);
        await nats.PingAsync();
        await Task.Delay(300); // the NATS server may route it to node 1's by another path than the handler's message takes
        await handler.PublishAsync(topic, "{\"after\":1}", MqttQoS.AtLeastOnce);

        var received = await owner.ReceiveAsync(10_000);
        Assert.Equal((topic, "{\"after\":1}"), (received.Topic, received.PayloadText));
    }
}
