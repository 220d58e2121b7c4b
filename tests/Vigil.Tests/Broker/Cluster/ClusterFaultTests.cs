using Vigil.Mqtt.Client;
using Vigil.Mqtt.Protocol;
using Vigil.Tests.Support;

namespace Vigil.Tests.Broker.Cluster;

/// <summary>NATS servers fail: one of three (traffic goes on), then all of them (each node serves its own clients, /readyz says so, and cross-node traffic comes back with NATS, without restarting Vigil).</summary>
[Collection(ClusterCollection.Name)]
public sealed class ClusterFaultTests(VigilCluster cluster)
{
    /// <summary>Publishes numbered messages until <paramref name="received"/> got <paramref name="count"/> of them after <paramref name="after"/>, or times out.</summary>
    private static async Task<List<int>> ExchangeAsync(MqttClient publisher, MqttClient subscriber, string topic, int count, int seconds = 20)
    {
        var numbers = new List<int>();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(seconds));
        var reading = Task.Run(async () =>
        {
            try
            {
                while (numbers.Count < count)
                {
                    var message = await subscriber.Messages.ReadAsync(timeout.Token);
                    lock (numbers)
                    {
                        numbers.Add(int.Parse(message.PayloadText, System.Globalization.CultureInfo.InvariantCulture));
                    }
                }
            }
            catch (OperationCanceledException)
            {
            }
        });
        for (var i = 0; !reading.IsCompleted && !timeout.IsCancellationRequested; i++)
        {
            await publisher.PublishAsync(topic, VigilCluster.Text(i), MqttQoS.AtLeastOnce);
            await Task.Delay(5);
        }
        await reading;
        return numbers;
    }

    [Fact]
    public async Task Stopping_one_nats_server_of_three_leaves_cross_node_traffic_flowing()
    {
        var topic = "cluster/fault/one/" + Guid.NewGuid().ToString("N");
        await using var subscriber = await cluster.HandlerAsync(2, "one-sub");
        await subscriber.SubscribeAsync(topic, MqttQoS.AtLeastOnce);
        await using var publisher = await cluster.HandlerAsync(0, "one-pub");
        await Task.Delay(300);
        Assert.Equal(50, (await ExchangeAsync(publisher, subscriber, topic, 50)).Count);

        await cluster.Nats.StopAsync(0);
        try
        {
            var after = await ExchangeAsync(publisher, subscriber, topic, 200);

            Assert.Equal(200, after.Count);
            foreach (var node in cluster.Nodes)
            {
                await VigilCluster.WaitUntilReadyAsync(node);
            }
        }
        finally
        {
            await cluster.Nats.RestartAsync(0);
        }
    }

    [Fact]
    public async Task Without_nats_each_node_serves_its_own_clients_says_so_on_readyz_and_cross_node_traffic_resumes_when_nats_is_back()
    {
        var topic = "cluster/fault/all/" + Guid.NewGuid().ToString("N");
        await using var localSubscriber = await cluster.HandlerAsync(0, "all-local");
        await localSubscriber.SubscribeAsync(topic, MqttQoS.AtLeastOnce);
        await using var remoteSubscriber = await cluster.HandlerAsync(1, "all-remote");
        await remoteSubscriber.SubscribeAsync(topic, MqttQoS.AtLeastOnce);
        await using var publisher = await cluster.HandlerAsync(0, "all-pub");
        await Task.Delay(300);
        int Lost() => cluster.Nodes[0].Logs.Lines.Count(l => l.Contains("Lost NATS", StringComparison.Ordinal));
        var lostBefore = Lost();

        for (var i = 0; i < 3; i++)
        {
            await cluster.Nats.StopAsync(i);
        }
        try
        {
            foreach (var node in cluster.Nodes)
            {
                await VigilCluster.WaitUntilReadyAsync(node, ready: false);
            }
            using var http = new HttpClient { BaseAddress = cluster.Nodes[0].HttpAddress };
            Assert.Contains("NATS", await (await http.GetAsync("/readyz")).Content.ReadAsStringAsync(), StringComparison.Ordinal);
            var topicDuringOutage = topic + "/later";
            await remoteSubscriber.SubscribeAsync(topicDuringOutage, MqttQoS.AtLeastOnce); // interest NATS must hear about later

            Assert.Equal(20, (await ExchangeAsync(publisher, localSubscriber, topic, 20)).Count);
            Assert.Empty(await remoteSubscriber.DrainAsync(300));
        }
        finally
        {
            await cluster.Nats.RestartAsync(0, 1, 2);
        }
        foreach (var node in cluster.Nodes)
        {
            await VigilCluster.WaitUntilReadyAsync(node);
        }
        await localSubscriber.DrainAsync(300);
        await remoteSubscriber.DrainAsync(300);
        Assert.Equal(20, (await ExchangeAsync(publisher, remoteSubscriber, topic, 20)).Count);
        Assert.Equal(20, (await ExchangeAsync(publisher, remoteSubscriber, topic + "/later", 20)).Count);
        // Once for the outage, not once per reconnect attempt (one every 0.5–2 s while NATS was down); a connection
        // that opens and drops again while the servers come back is a second loss, and says so.
        Assert.InRange(Lost() - lostBefore, 1, 2);
        Assert.Contains(cluster.Nodes[0].Logs.Lines, l => l.Contains("NATS is back", StringComparison.Ordinal));
    }
}
