using Microsoft.Extensions.DependencyInjection;
using Vigil.Broker.Cluster;
using Vigil.Mqtt.Broker;
using Vigil.Tests.Support;

namespace Vigil.Tests.Broker.Cluster;

/// <summary>The session records in JetStream read back directly, as a node does for a client its mirror has no record of yet.</summary>
[Collection(ClusterCollection.Name)]
public sealed class ClusterSessionStoreTests(VigilCluster cluster)
{
    private NatsClusterBus Bus(int node) => cluster.Nodes[node].Services.GetRequiredService<NatsClusterBus>();

    [Fact]
    public async Task A_record_one_node_has_stored_reads_back_on_another_at_once_and_reads_as_none_once_removed()
    {
        var clientId = "read-back-" + Guid.NewGuid().ToString("N");
        var stored = new MqttClusterSession(clientId, 600, DateTimeOffset.UtcNow, [new MqttClusterSubscription("inbox/" + clientId, 1, 7)]);

        await Bus(0).Save(stored);
        var read = await Bus(1).ReadAsync(clientId, CancellationToken.None); // the save completes once JetStream holds it

        Bus(0).Remove(clientId);
        var removed = await ReadUntilAsync(Bus(1), clientId, record => record is null);

        Assert.Equal((stored.ExpiryInterval, stored.Subscriptions.Single()), (read!.ExpiryInterval, read.Subscriptions.Single()));
        Assert.Null(removed);
    }

    [Fact]
    public async Task A_client_id_never_stored_reads_as_none()
    {
        Assert.Null(await Bus(2).ReadAsync("never-stored-" + Guid.NewGuid().ToString("N"), CancellationToken.None));
    }

    // Remove reaches JetStream in the background.
    private static async Task<MqttClusterSession?> ReadUntilAsync(NatsClusterBus bus, string clientId, Func<MqttClusterSession?, bool> done)
    {
        MqttClusterSession? record = null;
        for (var i = 0; i < 100; i++)
        {
            record = await bus.ReadAsync(clientId, CancellationToken.None);
            if (done(record))
            {
                break;
            }
            await Task.Delay(50);
        }
        return record;
    }
}
