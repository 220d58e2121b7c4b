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
    public async Task Phones_on_two_nodes_become_contacts_through_the_standalone_handler_on_the_third(string version)
    {
        var alice = await cluster.Nodes[0].NewPhoneUserAsync();
        var bob = await cluster.Nodes[1].NewPhoneUserAsync();
        using var requested = await Mosquitto.SubscribeAsync(cluster.MqttPort(0), version, $"{alice.UserId}_contact_requested", count: 1, qos: 1,
            "-u", "JWT", "-P", alice.Token);
        using var approved = await Mosquitto.SubscribeAsync(cluster.MqttPort(1), version, $"{bob.UserId}_contact_approved", count: 1, qos: 1,
            "-u", "JWT", "-P", bob.Token);

        // The handler may still be subscribing when the first test runs: a command without a subscriber is dropped.
        string? request = null;
        for (var attempt = 0; attempt < 20 && request is null; attempt++)
        {
            var (exit, error) = await Mosquitto.PublishAsync(cluster.MqttPort(1), version, "request_contact", $$"""{"contactUserId":"{{alice.UserId}}"}""", 1, false,
                "-u", "JWT", "-P", bob.Token);
            Assert.True(exit == 0, error);
            request = (await requested.MessagesAsync(TimeSpan.FromSeconds(1))).FirstOrDefault()?.Payload;
        }

        Assert.NotNull(request);
        Assert.Contains($"\"fromUserId\":\"{bob.UserId}\"", request);
        var requestId = System.Text.Json.JsonDocument.Parse(request).RootElement.GetProperty("requestId").GetString();
        var (accepted, acceptError) = await Mosquitto.PublishAsync(cluster.MqttPort(0), version, "accept_contact", $$"""{"requestId":"{{requestId}}"}""", 1, false,
            "-u", "JWT", "-P", alice.Token);
        Assert.True(accepted == 0, acceptError);
        var approval = Assert.Single(await approved.MessagesAsync());
        Assert.Contains($"\"contactUserId\":\"{alice.UserId}\"", approval.Payload);
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

    [Fact]
    public async Task A_session_whose_two_filters_match_a_message_from_another_node_gets_it_once()
    {
        var topic = "dedupe/" + Guid.NewGuid().ToString("N")[..8] + "/x";
        await using var subscriber = await cluster.HandlerAsync(1, "overlap");
        await subscriber.SubscribeAsync([new TopicSubscription(topic, MqttQoS.AtLeastOnce), new TopicSubscription("dedupe/+/x", MqttQoS.AtLeastOnce)]);
        await using var publisher = await cluster.HandlerAsync(0, "overlap-pub");
        await Task.Delay(300);

        for (var i = 0; i < 20; i++)
        {
            await publisher.PublishAsync(topic, VigilCluster.Text(i), MqttQoS.AtLeastOnce);
        }

        var received = new List<string>();
        for (var i = 0; i < 20; i++)
        {
            received.Add((await subscriber.ReceiveAsync(10_000)).PayloadText);
        }
        Assert.Equal(Enumerable.Range(0, 20).Select(VigilCluster.Text), received);
        Assert.Empty(await subscriber.DrainAsync(500));
    }
}
