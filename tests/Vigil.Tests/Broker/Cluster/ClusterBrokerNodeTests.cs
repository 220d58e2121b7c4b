using Vigil.Mqtt.Client;
using Vigil.Mqtt.Protocol;
using Vigil.Tests.Support;

namespace Vigil.Tests.Broker.Cluster;

/// <summary>A <c>vigil broker</c> process joins the cluster of <c>vigil serve</c> nodes through NATS, on their database.</summary>
[Collection(ClusterCollection.Name)]
public sealed class ClusterBrokerNodeTests(VigilCluster cluster) : IAsyncLifetime
{
    private readonly int _port = FreePort.Next();
    private ServerProcess _node = null!;

    public async Task InitializeAsync() =>
        _node = await ServerProcess.StartBrokerAsync(cluster.Nodes[0].DataDirectory, _port, $"--Vigil:Broker:Cluster:NatsUrls={cluster.Nats.Urls}");

    public Task DisposeAsync()
    {
        _node.Dispose();
        return Task.CompletedTask;
    }

    [Fact]
    public void The_node_says_it_listens_once_it_has_joined_nats_and_loaded_the_stored_sessions()
    {
        var line = _node.Lines.Single(l => l.StartsWith("Vigil broker listening on", StringComparison.Ordinal));

        Assert.DoesNotContain("not ready yet", line);
    }

    [Fact]
    public async Task Messages_cross_between_the_broker_node_and_a_serve_node_in_order_both_ways()
    {
        var topic = "cluster/node/" + Guid.NewGuid().ToString("N");
        var (_, key) = await cluster.Nodes[0].CreateHandlerKeyAsync("on-broker-node-" + Guid.NewGuid().ToString("N")[..6]);
        await using var onNode = await MqttClient.ConnectAsync(new MqttClientOptions { Port = _port, Username = "handler", Password = key, ClientId = "n-" + Guid.NewGuid().ToString("N")[..8] });
        await using var onServe = await cluster.HandlerAsync(1, "on-serve-node");
        await onNode.SubscribeAsync(topic + "/to-node", MqttQoS.AtLeastOnce);
        await onServe.SubscribeAsync(topic + "/to-serve", MqttQoS.AtLeastOnce);
        await Task.Delay(500); // interest reaches NATS

        for (var i = 0; i < 20; i++)
        {
            await onServe.PublishAsync(topic + "/to-node", VigilCluster.Text(i), MqttQoS.AtLeastOnce);
            await onNode.PublishAsync(topic + "/to-serve", VigilCluster.Text(i), MqttQoS.AtLeastOnce);
        }
        var atNode = new List<string>();
        var atServe = new List<string>();
        for (var i = 0; i < 20; i++)
        {
            atNode.Add((await onNode.ReceiveAsync(10_000)).PayloadText);
            atServe.Add((await onServe.ReceiveAsync(10_000)).PayloadText);
        }

        var expected = Enumerable.Range(0, 20).Select(VigilCluster.Text).ToList();
        Assert.Equal(expected, atNode);
        Assert.Equal(expected, atServe);
    }
}
