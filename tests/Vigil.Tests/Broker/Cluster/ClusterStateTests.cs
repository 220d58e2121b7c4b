using System.Text;
using Vigil.Mqtt.Client;
using Vigil.Mqtt.Protocol;
using Vigil.Tests.Support;

namespace Vigil.Tests.Broker.Cluster;

/// <summary>What a single broker keeps for its clients holds cluster-wide: retained messages, wills, client ids, $SYS totals.</summary>
[Collection(ClusterCollection.Name)]
public sealed class ClusterStateTests(VigilCluster cluster)
{
    [Fact]
    public async Task A_message_retained_on_one_node_reaches_a_new_subscriber_on_another_and_clearing_it_clears_it_everywhere()
    {
        var topic = "cluster/retained/" + Guid.NewGuid().ToString("N");
        await using var publisher = await cluster.HandlerAsync(0, "retainer");
        await publisher.PublishAsync(topic, "kept", MqttQoS.AtLeastOnce, retain: true);
        await Task.Delay(500); // stored in JetStream, mirrored by every node

        await using (var late = await cluster.HandlerAsync(2, "late"))
        {
            await late.SubscribeAsync(topic, MqttQoS.AtLeastOnce);
            var message = await late.ReceiveAsync();
            Assert.Equal(("kept", true), (message.PayloadText, message.Packet.Retain));
        }

        await publisher.PublishAsync(topic, "", MqttQoS.AtLeastOnce, retain: true);
        await Task.Delay(500);
        await using var later = await cluster.HandlerAsync(1, "later");
        await later.SubscribeAsync(topic, MqttQoS.AtLeastOnce);
        Assert.Empty(await later.DrainAsync(500));
    }

    [Fact]
    public async Task A_will_of_a_client_on_one_node_reaches_a_subscriber_on_another()
    {
        var topic = "cluster/will/" + Guid.NewGuid().ToString("N");
        await using var watcher = await cluster.HandlerAsync(1, "watcher");
        await watcher.SubscribeAsync(topic, MqttQoS.AtLeastOnce);
        await Task.Delay(300);
        var dying = await cluster.HandlerAsync(0, "dying", will: new WillMessage { Topic = topic, Payload = Encoding.UTF8.GetBytes("gone"), QoS = MqttQoS.AtLeastOnce });

        await dying.DisposeAsync(); // no DISCONNECT: the connection just ends, so the will goes out

        Assert.Equal("gone", (await watcher.ReceiveAsync()).PayloadText);
    }

    [Fact]
    public async Task Connecting_with_a_client_id_live_on_another_node_takes_it_over_there()
    {
        var clientId = "cluster-takeover-" + Guid.NewGuid().ToString("N")[..8];
        await using var first = await cluster.HandlerAsync(0, "first", clientId);

        await using var second = await cluster.HandlerAsync(2, "second", clientId);

        var disconnect = await first.Closed.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.Equal((byte)0x8E, disconnect?.ReasonCode);
        Assert.False(second.Closed.IsCompleted);
    }

    [Fact]
    public async Task Sys_topics_show_the_nodes_own_figures_and_the_cluster_totals()
    {
        await using var handler = await cluster.HandlerAsync(0, "sys");
        await handler.SubscribeAsync("$SYS/broker/cluster/nodes", MqttQoS.AtMostOnce);
        // $SYS figures go out every StatisticsInterval of the node's clock, which the test moves by hand.
        using var ticking = new Timer(_ => cluster.Nodes[0].Clock.Advance(TimeSpan.FromSeconds(1)), null, 0, 200);
        var nodes = 0;
        for (var i = 0; i < 20 && nodes != 3; i++)
        {
            nodes = int.Parse((await handler.ReceiveAsync()).PayloadText, System.Globalization.CultureInfo.InvariantCulture);
        }
        Assert.Equal(3, nodes);

        await handler.SubscribeAsync("$SYS/broker/clients/connected", MqttQoS.AtMostOnce);
        await handler.SubscribeAsync("$SYS/broker/cluster/clients/connected", MqttQoS.AtMostOnce);
        // This handler is on node 0 and the contacts handler on node 2: the cluster has at least one client more than
        // the node. Figures are sampled, so read until the latest of both say so.
        var figures = new Dictionary<string, long>();
        bool Consistent() => figures.TryGetValue("$SYS/broker/clients/connected", out var node) && node >= 1
            && figures.TryGetValue("$SYS/broker/cluster/clients/connected", out var all) && all >= node + 1;
        for (var i = 0; i < 100 && !Consistent(); i++)
        {
            var message = await handler.ReceiveAsync();
            if (message.Topic.EndsWith("clients/connected", StringComparison.Ordinal))
            {
                figures[message.Topic] = long.Parse(message.PayloadText, System.Globalization.CultureInfo.InvariantCulture);
            }
        }
        Assert.True(Consistent(), string.Join(", ", figures));
    }
}
