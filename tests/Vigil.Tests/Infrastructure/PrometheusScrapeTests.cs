using System.Net;
using Vigil.Tests.Support;

namespace Vigil.Tests.Infrastructure;

/// <summary>
/// A real Prometheus scrapes <c>/metrics</c> and answers, through its query API, what the test just did. Vigil's
/// instruments are process-wide (one server per process in production), so this collection runs alone and
/// measures what its own traffic adds.
/// </summary>
[Collection(ProcessWideMetrics.Name)]
public sealed class PrometheusScrapeTests
{
    [Fact]
    public async Task Prometheus_reads_the_upload_counter_and_the_broker_connection_gauge_after_traffic()
    {
        using var app = await VigilApp.StartWithSocketsAsync(TestDatabases.Sqlite);
        var client = new ExposureClient(app, app.CreateClient());
        var keys = await client.ClaimNewKeysAsync(await ExposureClient.CreateApiKeyAsync(app));
        await using var prometheus = await PrometheusServer.StartAsync(app.HttpAddress!);
        Assert.Equal(1, await prometheus.QueryAsync("up{job=\"vigil\"}"));
        var uploadsBefore = await prometheus.QueryAsync("sum(vigil_exposure_uploads_total{result=\"None\"}) or vector(0)") ?? 0;
        var keysBefore = await prometheus.QueryAsync("sum(vigil_exposure_keys_accepted_total) or vector(0)") ?? 0;

        Assert.Equal(HttpStatusCode.OK, (await client.UploadAsync(keys, client.NewUpload(3))).Status);
        var phone = await app.NewPhoneUserAsync();
        await using var connected = await app.ConnectPhoneAsync(phone);

        Assert.Equal(uploadsBefore + 1, await prometheus.WaitForAsync("sum(vigil_exposure_uploads_total{result=\"None\"})", v => v > uploadsBefore));
        Assert.Equal(keysBefore + 3, await prometheus.WaitForAsync("sum(vigil_exposure_keys_accepted_total)", v => v > keysBefore));
        var connections = await prometheus.WaitForAsync("vigil_broker_connections", v => v >= 2);
        Assert.True(connections >= 2, $"connections {connections} (the phone and the in-process contacts handler)");
        Assert.True(await prometheus.QueryAsync("sum(http_server_request_duration_seconds_count)") > 0);
        Assert.InRange(await prometheus.QueryAsync("vigil_data_directory_free_ratio") ?? -1, 0.0, 1.0);
        Assert.Equal(1, await prometheus.WaitForAsync("vigil_ready", v => v == 1));
    }

    [Fact]
    public async Task Prometheus_reads_export_builds_by_kind_and_result_and_their_size()
    {
        using var app = await VigilApp.StartWithSocketsAsync(TestDatabases.Sqlite);
        var client = new ExposureClient(app, app.CreateClient());
        await using var prometheus = await PrometheusServer.StartAsync(app.HttpAddress!);
        const string built = "sum(vigil_exports_builds_total{vigil_export_kind=\"keys\",result=\"ok\"})";
        var before = await prometheus.QueryAsync(built + " or vector(0)") ?? 0;

        var (zip, _, _) = await client.DownloadAsync(client.Today);

        Assert.True(await prometheus.WaitForAsync(built, v => v > before) > before);
        Assert.True(await prometheus.QueryAsync("max(vigil_exports_size_bytes_sum) / max(vigil_exports_size_bytes_count)") > 0);
        Assert.True(await prometheus.QueryAsync("sum(vigil_exports_build_duration_seconds_count{vigil_export_kind=\"keys\"})") > 0);
        Assert.NotEmpty(zip);
    }

    [Fact]
    public async Task Metrics_are_answered_to_loopback_and_allowed_networks_only()
    {
        using var app = await VigilApp.StartAsync(TestDatabases.Sqlite, new Dictionary<string, string?> { ["Vigil:Metrics:AllowedNetworks:0"] = "10.1.0.0/16" });
        using var http = app.CreateClient();

        async Task<HttpStatusCode> ScrapeAsync(string peer)
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, "/metrics");
            request.Headers.Add(VigilApp.TestPeerHeader, peer);
            return (await http.SendAsync(request)).StatusCode;
        }

        Assert.Equal(HttpStatusCode.OK, await ScrapeAsync("127.0.0.1"));
        Assert.Equal(HttpStatusCode.OK, await ScrapeAsync("10.1.2.3"));
        Assert.Equal(HttpStatusCode.NotFound, await ScrapeAsync("203.0.113.9"));
    }
}
