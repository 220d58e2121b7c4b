using System.Collections.Concurrent;
using Vigil.Mqtt.Client;
using Vigil.Mqtt.Protocol;
using Vigil.Tests.Support;

namespace Vigil.Tests.Broker.Cluster;

/// <summary>Members of one shared group on three nodes split its messages: each message to exactly one member cluster-wide.</summary>
[Collection(ClusterCollection.Name)]
public sealed class ClusterSharedSubscriptionTests(VigilCluster cluster)
{
    [Fact]
    public async Task Ten_thousand_qos1_messages_to_a_group_with_members_on_three_nodes_arrive_ten_thousand_times_every_member_getting_some()
    {
        const int Count = 10_000;
        var group = "g" + Guid.NewGuid().ToString("N")[..8];
        var topic = "cluster/shared/" + group;
        var members = new List<MqttClient>();
        var received = new ConcurrentDictionary<int, int>();
        var perMember = new int[3];
        var readers = new List<Task>();
        for (var node = 0; node < 3; node++)
        {
            var member = await cluster.HandlerAsync(node, "member");
            Assert.Equal(1, (await member.SubscribeAsync([new TopicSubscription($"$share/{group}/{topic}", MqttQoS.AtLeastOnce)]))[0]);
            members.Add(member);
            var index = node;
            readers.Add(Task.Run(async () =>
            {
                await foreach (var message in member.Messages.ReadAllAsync())
                {
                    received.AddOrUpdate(int.Parse(message.PayloadText, System.Globalization.CultureInfo.InvariantCulture), 1, (_, n) => n + 1);
                    Interlocked.Increment(ref perMember[index]);
                }
            }));
        }
        await Task.Delay(500);
        await using var publisher = await cluster.HandlerAsync(1, "publisher");

        for (var i = 0; i < Count; i++)
        {
            Assert.Equal(0, await publisher.PublishAsync(topic, VigilCluster.Text(i), MqttQoS.AtLeastOnce));
        }

        for (var waited = 0; waited < 300 && perMember.Sum() < Count; waited++)
        {
            await Task.Delay(100);
        }
        await Task.Delay(500); // a duplicate would arrive now
        foreach (var member in members)
        {
            await member.DisposeAsync();
        }
        Assert.Equal(Count, perMember.Sum());
        Assert.Equal(Count, received.Count);
        Assert.All(received.Values, n => Assert.Equal(1, n));
        Assert.All(perMember, n => Assert.True(n > 0, $"a member got nothing: {string.Join(", ", perMember)}"));
    }
}
