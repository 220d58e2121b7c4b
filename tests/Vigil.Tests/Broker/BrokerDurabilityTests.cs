using System.Text.RegularExpressions;
using Vigil.Mqtt.Client;
using Vigil.Mqtt.Protocol;
using Vigil.Tests.Support;

namespace Vigil.Tests.Broker;

/// <summary>What the broker acknowledged survives <c>kill -9</c> of a real <c>vigil serve</c>, restarted on the same data directory.</summary>
public sealed class BrokerDurabilityTests : IDisposable
{
    private readonly string _data = Directory.CreateTempSubdirectory("vigil-durable-").FullName;
    private readonly int _mqttPort = FreePort.Next();
    private readonly int _httpPort = FreePort.Next();
    private ServerProcess? _server;

    private async Task StartAsync(params string[] settings) => _server = await ServerProcess.StartAsync(
        _data, _httpPort, [$"--Vigil:Broker:TcpPort={_mqttPort}", "--Vigil:Broker:InProcessContactsHandler=false", .. settings]);

    private async Task KillAsync()
    {
        await _server!.KillAsync();
        _server.Dispose();
        _server = null;
    }

    private MqttClientOptions Options(string key, string clientId, MqttVersion version, uint expiry) =>
        MqttFlow.PersistentSession(_mqttPort, "durable", key, clientId, version, expiry);

    [Theory]
    [InlineData(MqttVersion.V311)]
    [InlineData(MqttVersion.V500)]
    public async Task A_subscription_acknowledged_just_before_a_kill_9_is_in_its_session_after_the_restart(MqttVersion version)
    {
        var created = await CliRunner.RunAsync(new[] { "handler-key", "create", "--name", "durable" }.With(_data));
        var key = Regex.Match(created.Output, @"^vgh_\S+$", RegexOptions.Multiline).Value;
        // Half a second before the log writes anything: a SUBACK sent before the log held the subscription would be lost.
        await StartAsync("--Vigil:Broker:Limits:SessionLogCommitDelay=00:00:00.500");
        await using (var client = await MqttClient.ConnectAsync(Options(key, "subscriber", version, 3600)))
        {
            await client.SubscribeAsync("inbox/subscriber", MqttQoS.AtLeastOnce);
            await KillAsync();
        }

        await StartAsync();
        await using (var publisher = await MqttClient.ConnectAsync(new MqttClientOptions { Port = _mqttPort, Username = "handler:durable", Password = key, ClientId = "publisher" }))
        {
            await publisher.PublishAsync("inbox/subscriber", "after the restart", MqttQoS.AtLeastOnce);
        }
        await using var back = await MqttClient.ConnectAsync(Options(key, "subscriber", version, 3600));

        Assert.True(back.ConnAck.SessionPresent);
        Assert.Equal("after the restart", (await back.ReceiveAsync()).PayloadText);
    }

    [Fact]
    public async Task Every_message_acknowledged_before_a_kill_9_reaches_its_persistent_session_after_the_restart()
    {
        var created = await CliRunner.RunAsync(new[] { "handler-key", "create", "--name", "durable" }.With(_data));
        var key = Regex.Match(created.Output, @"^vgh_\S+$", RegexOptions.Multiline).Value;
        await StartAsync();
        var sessions = Enumerable.Range(0, 20).Select(i => (Id: $"phone-{i}", Version: i % 2 == 0 ? MqttVersion.V500 : MqttVersion.V311)).ToList();
        foreach (var (id, version) in sessions)
        {
            await using var client = await MqttClient.ConnectAsync(Options(key, id, version, 3600));
            await client.SubscribeAsync($"inbox/{id}", MqttQoS.AtLeastOnce);
            await client.DisconnectAsync();
        }
        var publisher = await MqttClient.ConnectAsync(new MqttClientOptions { Port = _mqttPort, Username = "handler:durable", Password = key, ClientId = "publisher" });
        await publisher.PublishAsync("status/durable", "retained before the crash", MqttQoS.AtLeastOnce, retain: true);

        var acknowledged = new List<string>();
        var publishing = Task.Run(async () =>
        {
            try
            {
                for (var i = 0; i < 5000; i++)
                {
                    var payload = $"m{i}";
                    if (await publisher.PublishAsync($"inbox/{sessions[i % 20].Id}", payload, MqttQoS.AtLeastOnce) == 0)
                    {
                        lock (acknowledged)
                        {
                            acknowledged.Add(payload);
                        }
                    }
                }
            }
            catch (Exception e) when (e is IOException or TimeoutException or InvalidOperationException or OperationCanceledException or System.Threading.Channels.ChannelClosedException)
            {
                // The server died under the publisher: what was acknowledged until then is the promise.
            }
        });
        while (true)
        {
            lock (acknowledged)
            {
                if (acknowledged.Count >= 2000)
                {
                    break;
                }
            }
            await Task.Delay(10);
        }
        await using (var shortLived = await MqttClient.ConnectAsync(Options(key, "short-lived", MqttVersion.V500, 3)))
        {
            await shortLived.SubscribeAsync("inbox/short-lived", MqttQoS.AtLeastOnce);
            await shortLived.DisconnectAsync();
        }
        await KillAsync();
        await publishing;
        await publisher.DisposeAsync();
        await Task.Delay(3500); // the short-lived session's expiry (3 s) passes while the server is down

        await StartAsync();
        var delivered = new HashSet<string>();
        foreach (var (id, version) in sessions)
        {
            await using var client = await MqttClient.ConnectAsync(Options(key, id, version, 3600));
            Assert.True(client.ConnAck.SessionPresent, $"{id} lost its session");
            foreach (var message in await client.DrainAsync(1000))
            {
                Assert.Equal($"inbox/{id}", message.Topic);
                delivered.Add(message.PayloadText);
            }
        }
        Assert.True(acknowledged.Count >= 2000);
        Assert.Empty(acknowledged.Except(delivered));
        await using (var expired = await MqttClient.ConnectAsync(Options(key, "short-lived", MqttVersion.V500, 3)))
        {
            Assert.False(expired.ConnAck.SessionPresent);
        }
        await using var reader = await MqttClient.ConnectAsync(new MqttClientOptions { Port = _mqttPort, Username = "handler:durable", Password = key, ClientId = "reader" });
        await reader.SubscribeAsync("status/durable", MqttQoS.AtLeastOnce);
        Assert.Equal("retained before the crash", (await reader.ReceiveAsync()).PayloadText);
    }

    public void Dispose()
    {
        _server?.Dispose();
        Directory.Delete(_data, recursive: true);
    }
}
