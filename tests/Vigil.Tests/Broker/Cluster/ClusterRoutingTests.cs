using Vigil.Mqtt.Client;
using Vigil.Mqtt.Protocol;
using Vigil.Mqtt.Tests.Support;
using Vigil.Tests.Support;

namespace Vigil.Tests.Broker.Cluster;

/// <summary>Three Vigil nodes on a NATS cluster serve one MQTT namespace: what is published on one node reaches the others.</summary>
[Collection(ClusterCollection.Name)]
public sealed class ClusterRoutingTests(VigilCluster cluster)
{
    [Theory]
    [InlineData(Mosquitto.V5)]
    [InlineData(Mosquitto.V311)]
    public async Task A_phone_on_node_one_gets_the_contact_request_a_phone_on_node_two_made_through_a_handler_anywhere(string version)
    {
        var target = await cluster.Nodes[0].NewPhoneUserAsync();
        var requester = await cluster.Nodes[1].NewPhoneUserAsync();
        using var subscriber = await Mosquitto.SubscribeAsync(cluster.MqttPort(0), version, $"{target.UserId}_contact_requested", count: 1, qos: 1,
            "-u", "JWT", "-P", target.Token);

        var (exit, error) = await Mosquitto.PublishAsync(cluster.MqttPort(1), version, "request_contact", $$"""{"contactUserId":"{{target.UserId}}"}""", 1, false,
            "-u", "JWT", "-P", requester.Token);

        Assert.True(exit == 0, error);
        var request = Assert.Single(await subscriber.MessagesAsync());
        Assert.Contains($"\"fromUserId\":\"{requester.UserId}\"", request.Payload);
    }

    [Fact]
    public async Task A_handler_on_one_node_reaches_a_phone_on_each_other_node_once_and_in_order()
    {
        await using var handler = await cluster.HandlerAsync(0, "routing");
        var phones = new List<(MqttFlow.Phone Phone, MqttClient Client)>();
        foreach (var node in cluster.Nodes.Skip(1))
        {
            var phone = await node.NewPhoneUserAsync();
            var client = await node.ConnectPhoneAsync(phone);
            await client.SubscribeAsync([new TopicSubscription(phone.UserId + "_contact_list", MqttQoS.AtLeastOnce)]);
            phones.Add((phone, client));
        }
        await Task.Delay(300); // interest reaches NATS

        foreach (var (phone, _) in phones)
        {
            for (var i = 0; i < 50; i++)
            {
                await handler.PublishAsync(phone.UserId + "_contact_list", $$"""{"n":{{i}}}""", MqttQoS.AtLeastOnce);
            }
        }

        foreach (var (phone, client) in phones)
        {
            var received = new List<string>();
            for (var i = 0; i < 50; i++)
            {
                received.Add((await client.ReceiveAsync(10_000)).PayloadText);
            }
            Assert.Equal(Enumerable.Range(0, 50).Select(i => $$"""{"n":{{i}}}"""), received);
            Assert.Empty(await client.DrainAsync(300));
            await client.DisposeAsync();
        }
    }
}
