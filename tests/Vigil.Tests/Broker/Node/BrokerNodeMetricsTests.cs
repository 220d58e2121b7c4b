using System.Globalization;
using System.Net;
using Vigil.Mqtt.Client;
using Vigil.Mqtt.Protocol;
using Vigil.Tests.Support;

namespace Vigil.Tests.Broker.Node;

/// <summary>
/// <c>vigil broker</c> with <c>Vigil:Metrics:Port</c>: a real Prometheus scrapes the node's own port, which serves
/// the metrics and the health checks and nothing else over HTTP.
/// </summary>
public sealed class BrokerNodeMetricsTests : IAsyncLifetime
{
    private VigilApp _http = null!;
    private ServerProcess _broker = null!;
    private readonly int _mqttPort = FreePort.Next();
    private readonly int _metricsPort = FreePort.Next();

    private Uri Metrics => new($"http://127.0.0.1:{_metricsPort}");

    public async Task InitializeAsync()
    {
        _http = await VigilApp.StartAsync(TestDatabases.Sqlite, new Dictionary<string, string?> { ["Vigil:Broker:Enabled"] = "false" });
        _broker = await ServerProcess.StartBrokerAsync(_http.DataDirectory, _mqttPort,
            "--Vigil:Metrics:Port=" + _metricsPort.ToString(CultureInfo.InvariantCulture));
    }

    public Task DisposeAsync()
    {
        _broker.Dispose();
        _http.Dispose();
        return Task.CompletedTask;
    }

    [Fact]
    public async Task Prometheus_reads_the_nodes_connections_and_subscriptions_from_its_metrics_port()
    {
        var (_, key) = await _http.CreateHandlerKeyAsync("node-metrics");
        await using var handler = await MqttClient.ConnectAsync(new MqttClientOptions
        {
            Port = _mqttPort, Username = "handler:node-metrics", Password = key, ClientId = "metrics-handler",
        });
        await handler.SubscribeAsync("request_contact", MqttQoS.AtLeastOnce);
        await using var prometheus = await PrometheusServer.StartAsync(Metrics);

        Assert.Equal(1, await prometheus.WaitForAsync("vigil_broker_connections", v => v == 1));
        Assert.Equal(1, await prometheus.WaitForAsync("vigil_broker_subscriptions", v => v == 1));
        Assert.Equal(1, await prometheus.WaitForAsync("vigil_ready", v => v == 1));
    }

    [Fact]
    public async Task The_metrics_port_answers_health_checks_and_nothing_of_the_servers_http_surface()
    {
        using var http = new HttpClient { BaseAddress = Metrics };

        Assert.Equal(HttpStatusCode.OK, (await http.GetAsync(new Uri("/healthz", UriKind.Relative))).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await http.GetAsync(new Uri("/readyz", UriKind.Relative))).StatusCode);
        Assert.Contains("vigil_broker_connections", await http.GetStringAsync(new Uri("/metrics", UriKind.Relative)), StringComparison.Ordinal);
        foreach (var path in new[] { "/auth/me", "/mqtt", "/.well-known/openid-configuration", "/portal" })
        {
            Assert.Equal(HttpStatusCode.NotFound, (await http.GetAsync(new Uri(path, UriKind.Relative))).StatusCode);
        }
    }
}
