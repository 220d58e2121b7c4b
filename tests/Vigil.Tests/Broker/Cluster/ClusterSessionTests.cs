using System.Text.RegularExpressions;
using Vigil.Mqtt.Client;
using Vigil.Mqtt.Protocol;
using Vigil.Tests.Support;

namespace Vigil.Tests.Broker.Cluster;

/// <summary>
/// Persistent sessions in JetStream outlive the node that held them: two real <c>vigil serve</c> processes on a real
/// three-server NATS cluster; the phones' node dies by <c>kill -9</c> and the phones resume on the other node.
/// </summary>
[Collection(ClusterCollection.Name)]
public sealed class ClusterSessionTests : IAsyncLifetime
{
    private readonly string _data = Directory.CreateTempSubdirectory("vigil-cluster-sessions-").FullName;
    private readonly int[] _mqttPorts = [FreePort.Next(), FreePort.Next()];
    private readonly ServerProcess?[] _nodes = new ServerProcess?[2];
    private NatsCluster _nats = null!;
    private string _key = "";

    public async Task InitializeAsync()
    {
        _nats = await NatsCluster.StartAsync();
        var created = await CliRunner.RunAsync(new[] { "handler-key", "create", "--name", "phones" }.With(_data));
        _key = Regex.Match(created.Output, @"^vgh_\S+$", RegexOptions.Multiline).Value;
        for (var i = 0; i < 2; i++)
        {
            _nodes[i] = await ServerProcess.StartAsync(_data, FreePort.Next(), $"--Vigil:Broker:TcpPort={_mqttPorts[i]}",
                "--Vigil:Broker:InProcessContactsHandler=false", $"--Vigil:Broker:Cluster:NatsUrls={_nats.Urls}",
                "--Vigil:Broker:Cluster:SessionRedeliveryDelay=00:00:03", "--Vigil:Broker:Limits:HousekeepingInterval=00:00:00.500");
        }
    }

    private MqttClientOptions Phone(int node, string clientId, MqttVersion version, uint expiry = 3600, bool autoAcknowledge = true)
    {
        var options = MqttFlow.PersistentSession(_mqttPorts[node], "phones", _key, clientId, version, expiry);
        options.AutoAcknowledge = autoAcknowledge;
        return options;
    }

    private static List<(string Id, MqttVersion Version)> Phones(string prefix) =>
        [.. Enumerable.Range(0, 20).Select(i => (Id: $"{prefix}-{i}", Version: i % 2 == 0 ? MqttVersion.V500 : MqttVersion.V311))];

    private async Task SubscribeOfflineAsync(int node, List<(string Id, MqttVersion Version)> phones)
    {
        foreach (var (id, version) in phones)
        {
            await using var phone = await MqttClient.ConnectAsync(Phone(node, id, version));
            await phone.SubscribeAsync($"inbox/{id}", MqttQoS.AtLeastOnce);
            await phone.DisconnectAsync();
        }
        await Task.Delay(500); // the records reach the other node's mirror
    }

    /// <summary>Publishes <paramref name="count"/> QoS 1 messages round the phones' inboxes through <paramref name="node"/>; calls <paramref name="midway"/> after half; returns those acknowledged.</summary>
    private async Task<List<string>> PublishAsync(int node, List<(string Id, MqttVersion Version)> phones, int count, Func<Task> midway)
    {
        await using var publisher = await MqttClient.ConnectAsync(new MqttClientOptions
        {
            Port = _mqttPorts[node], Username = "handler:phones", Password = _key, ClientId = "publisher-" + Guid.NewGuid().ToString("N")[..6],
            Timeout = TimeSpan.FromSeconds(30),
        });
        var acknowledged = new List<string>();
        for (var i = 0; i < count; i++)
        {
            if (i == count / 2)
            {
                await midway();
            }
            var payload = $"m{i}";
            if (await publisher.PublishAsync($"inbox/{phones[i % phones.Count].Id}", payload, MqttQoS.AtLeastOnce) == 0)
            {
                acknowledged.Add(payload);
            }
        }
        return acknowledged;
    }

    /// <summary>
    /// Resumes every phone on <paramref name="node"/> at once and reads until each got its share of
    /// <paramref name="acknowledged"/> (30 s at most: after a fault JetStream elects new leaders first).
    /// </summary>
    private async Task<HashSet<string>> CollectAsync(int node, List<(string Id, MqttVersion Version)> phones, List<string> acknowledged)
    {
        var received = await Task.WhenAll(phones.Select(async (phone, index) =>
        {
            var expected = acknowledged.Where(p => int.Parse(p[1..], System.Globalization.CultureInfo.InvariantCulture) % phones.Count == index).ToHashSet();
            var got = new HashSet<string>();
            await using var client = await MqttClient.ConnectAsync(Phone(node, phone.Id, phone.Version));
            Assert.True(client.ConnAck.SessionPresent, $"{phone.Id} lost its session");
            using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(30));
            try
            {
                while (!expected.IsSubsetOf(got))
                {
                    var message = await client.Messages.ReadAsync(deadline.Token);
                    Assert.Equal($"inbox/{phone.Id}", message.Topic);
                    got.Add(message.PayloadText);
                }
            }
            catch (OperationCanceledException)
            {
            }
            return got;
        }));
        return [.. received.SelectMany(r => r)];
    }

    [Fact]
    public async Task Every_acknowledged_message_reaches_sessions_whose_node_was_killed_when_they_resume_on_another_node()
    {
        var phones = Phones("dies");
        await SubscribeOfflineAsync(0, phones);
        await using (var shortLived = await MqttClient.ConnectAsync(Phone(0, "dies-short-lived", MqttVersion.V500, expiry: 2)))
        {
            await shortLived.SubscribeAsync("inbox/dies-short-lived", MqttQoS.AtLeastOnce);
            await shortLived.DisconnectAsync();
        }

        var acknowledged = await PublishAsync(1, phones, 5000, async () =>
        {
            await _nodes[0]!.KillAsync();
            _nodes[0]!.Dispose();
            _nodes[0] = null;
        });
        await Task.Delay(2500); // the short-lived session's expiry passes with its node gone

        var delivered = await CollectAsync(1, phones, acknowledged);
        Assert.Equal(5000, acknowledged.Count);
        Assert.Empty(acknowledged.Except(delivered));
        await using var expired = await MqttClient.ConnectAsync(Phone(1, "dies-short-lived", MqttVersion.V500, expiry: 2));
        Assert.False(expired.ConnAck.SessionPresent);
    }

    [Fact]
    public async Task What_a_phone_had_not_acknowledged_when_its_node_died_reaches_it_again_on_another_node()
    {
        await using (var phone = await MqttClient.ConnectAsync(Phone(0, "unacked", MqttVersion.V500, autoAcknowledge: false)))
        {
            await phone.SubscribeAsync("inbox/unacked", MqttQoS.AtLeastOnce);
            await Task.Delay(500);
            await PublishAsync(1, [("unacked", MqttVersion.V500)], 10, () => Task.CompletedTask);
            Assert.Equal(10, (await phone.DrainAsync(1000)).Count); // received, never acknowledged
            await _nodes[0]!.KillAsync();
        }

        await using var resumed = await MqttClient.ConnectAsync(Phone(1, "unacked", MqttVersion.V500));
        var again = await resumed.DrainAsync(6000); // after the redelivery delay (3 s here)

        Assert.True(resumed.ConnAck.SessionPresent);
        Assert.Equal(Enumerable.Range(0, 10).Select(i => $"m{i}").Order(), again.Select(m => m.PayloadText).Distinct().Order());
        Assert.All(again, m => Assert.True(m.Packet.Duplicate));
    }

    [Fact]
    public async Task A_message_two_filters_of_a_session_match_is_queued_once_with_both_subscription_ids()
    {
        await using (var phone = await MqttClient.ConnectAsync(Phone(0, "overlapping", MqttVersion.V500)))
        {
            await phone.SubscribeAsync([new TopicSubscription("inbox/overlapping", MqttQoS.AtLeastOnce)], new MqttProperties { SubscriptionIdentifiers = [1] });
            await phone.SubscribeAsync([new TopicSubscription("inbox/#", MqttQoS.AtLeastOnce)], new MqttProperties { SubscriptionIdentifiers = [2] });
            await phone.DisconnectAsync();
        }
        await PublishAsync(0, [("overlapping", MqttVersion.V500)], 1, () => Task.CompletedTask);

        await using var resumed = await MqttClient.ConnectAsync(Phone(1, "overlapping", MqttVersion.V500));
        Assert.True(resumed.ConnAck.SessionPresent);
        var first = await resumed.ReceiveAsync(30_000); // the consumer is made on the first resume
        var more = await resumed.DrainAsync(1000);

        Assert.Equal("m0", first.PayloadText);
        Assert.Equal([1, 2], first.Packet.Properties!.SubscriptionIdentifiers!.Order());
        Assert.Empty(more);
    }

    [Fact]
    public async Task Sessions_keep_every_acknowledged_message_while_one_nats_server_of_three_is_stopped()
    {
        var phones = Phones("nats-down");
        await SubscribeOfflineAsync(0, phones);

        var acknowledged = await PublishAsync(1, phones, 2000, () => _nats.StopAsync(0));
        var delivered = await CollectAsync(0, phones, acknowledged);

        Assert.Equal(2000, acknowledged.Count);
        Assert.Empty(acknowledged.Except(delivered));
    }

    public async Task DisposeAsync()
    {
        foreach (var node in _nodes)
        {
            node?.Dispose();
        }
        await _nats.DisposeAsync();
        Directory.Delete(_data, recursive: true);
    }
}
