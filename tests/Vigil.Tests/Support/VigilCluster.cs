using System.Globalization;
using Vigil.Mqtt.Client;
using Vigil.Mqtt.Protocol;

namespace Vigil.Tests.Support;

/// <summary>
/// Three Vigil nodes with real sockets sharing one database and data directory, joined through a real 3-server
/// NATS cluster with JetStream, and the contacts handler as its own process (<c>vigil handler contacts</c>)
/// connected to the third node: what docs/operations.md "Scaling out" describes, on one machine.
/// </summary>
public sealed class VigilCluster : IAsyncLifetime
{
    private readonly List<VigilApp> _nodes = [];
    private readonly CancellationTokenSource _stopHandler = new();
    private Task<CliRunner.Outcome>? _handler;

    public NatsCluster Nats { get; private set; } = null!;

    public IReadOnlyList<VigilApp> Nodes => _nodes;

    public async Task InitializeAsync()
    {
        Nats = await NatsCluster.StartAsync();
        var first = await VigilApp.StartWithSocketsAsync(TestDatabases.Sqlite, Settings());
        _nodes.Add(first);
        for (var i = 1; i < 3; i++)
        {
            var settings = Settings();
            foreach (var (key, value) in first.SharedDatabaseSettings())
            {
                settings[key] = value;
            }
            _nodes.Add(await VigilApp.StartWithSocketsAsync(TestDatabases.Sqlite, settings));
        }
        foreach (var node in _nodes)
        {
            await WaitUntilReadyAsync(node);
        }
        var created = await CliRunner.RunAsync(new[] { "handler-key", "create", "--name", "contacts" }.With(first.DataDirectory));
        var handlerKey = System.Text.RegularExpressions.Regex.Match(created.Output, @"^vgh_\S+$", System.Text.RegularExpressions.RegexOptions.Multiline).Value;
        _handler = CliRunner.RunAsync(
            new[] { "handler", "contacts", "--broker", $"mqtt://127.0.0.1:{_nodes[2].MqttPort}", "--key", handlerKey }.With(first.DataDirectory),
            cancellationToken: _stopHandler.Token);
    }

    private Dictionary<string, string?> Settings() => new()
    {
        ["Vigil:Broker:Cluster:NatsUrls"] = Nats.Urls,
        ["Vigil:Broker:InProcessContactsHandler"] = "false",
        ["Vigil:Broker:Cluster:StatisticsInterval"] = "00:00:00.500",
        ["Vigil:Broker:Limits:StatisticsInterval"] = "00:00:00.500",
    };

    /// <summary>Waits (15 s at most) until the node's <c>/readyz</c> answers <paramref name="ready"/>.</summary>
    public static async Task WaitUntilReadyAsync(VigilApp node, bool ready = true)
    {
        using var http = new HttpClient { BaseAddress = node.HttpAddress };
        for (var i = 0; i < 150; i++)
        {
            if ((await http.GetAsync("/readyz")).IsSuccessStatusCode == ready)
            {
                return;
            }
            await Task.Delay(100);
        }
        throw new TimeoutException($"node {node.HttpAddress} did not become {(ready ? "ready" : "unready")}");
    }

    /// <summary>A handler (with a key of its own) connected to node <paramref name="node"/>.</summary>
    public async Task<MqttClient> HandlerAsync(int node, string name, string? clientId = null, WillMessage? will = null)
    {
        name += "-" + Guid.NewGuid().ToString("N")[..6];
        var (_, secret) = await _nodes[node].CreateHandlerKeyAsync(name);
        var options = _nodes[node].MqttOptions("handler:" + name, secret, clientId: clientId);
        options.Will = will;
        options.Timeout = TimeSpan.FromSeconds(30);
        return await MqttClient.ConnectAsync(options);
    }

    /// <summary>A port of node <paramref name="index"/>, as mosquitto's clients take it.</summary>
    public int MqttPort(int index) => _nodes[index].MqttPort;

    public static string Text(int value) => value.ToString(CultureInfo.InvariantCulture);

    public async Task DisposeAsync()
    {
        _stopHandler.Cancel();
        if (_handler is not null)
        {
            await _handler;
        }
        foreach (var node in _nodes)
        {
            node.Dispose();
        }
        await Nats.DisposeAsync();
    }
}
