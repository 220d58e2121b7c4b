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
}
