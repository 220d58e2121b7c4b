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
public sealed class BrokerNodeMetricsTests : BrokerNodeTestBase
{
    private readonly int _metricsPort;

    public BrokerNodeMetricsTests()
        : this(FreePort.Next())
    {
    }

    private BrokerNodeMetricsTests(int metricsPort)
        : base("--Vigil:Metrics:Port=" + metricsPort.ToString(CultureInfo.InvariantCulture)) => _metricsPort = metricsPort;

    private Uri Metrics => new($"http://127.0.0.1:{_metricsPort}");

    [Fact]
    public async Task Prometheus_reads_the_nodes_connections_and_subscriptions_from_its_metrics_port()
    {
        var (_, key) = await Http.CreateHandlerKeyAsync("node-metrics");
        await using var handler = await MqttClient.ConnectAsync(new MqttClientOptions
        {
            Port = MqttPort, Username = "handler:node-metrics", Password = key, ClientId = "metrics-handler",
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
