using System.Globalization;
using System.Net;
using Vigil.Tests.Support;

namespace Vigil.Tests.Infrastructure;

/// <summary>With <c>Vigil:Metrics:Port</c>, /metrics moves to a port of its own that serves nothing else but the health checks.</summary>
[Collection(ProcessWideMetrics.Name)]
public sealed class MetricsPortTests
{
    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task Metrics_answer_on_their_own_port_only_and_that_port_serves_no_api(bool brokerListens)
    {
        var metricsPort = FreePort.Next();
        var settings = new Dictionary<string, string?> { ["Vigil:Metrics:Port"] = metricsPort.ToString(CultureInfo.InvariantCulture) };
        if (!brokerListens)
        {
            settings["Vigil:Broker:TcpPort"] = "0";
        }
        using var app = await VigilApp.StartWithSocketsAsync(TestDatabases.Sqlite, settings);
        using var http = new HttpClient();
        var metrics = new Uri($"http://127.0.0.1:{metricsPort}");

        var scraped = await http.GetAsync(new Uri(metrics, "/metrics"));
        Assert.Equal(HttpStatusCode.OK, scraped.StatusCode);
        Assert.Contains("vigil_", await scraped.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, (await http.GetAsync(new Uri(metrics, "/healthz"))).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await http.GetAsync(new Uri(metrics, "/readyz"))).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await http.GetAsync(new Uri(metrics, "/.well-known/openid-configuration"))).StatusCode);

        Assert.Equal(HttpStatusCode.NotFound, (await http.GetAsync(new Uri(app.HttpAddress!, "/metrics"))).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await http.GetAsync(new Uri(app.HttpAddress!, "/.well-known/openid-configuration"))).StatusCode);
    }
}
