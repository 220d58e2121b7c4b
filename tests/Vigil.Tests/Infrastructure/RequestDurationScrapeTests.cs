using Vigil.Tests.Support;

namespace Vigil.Tests.Infrastructure;

/// <summary>http.server.request.duration as a scrape of a real server shows it.</summary>
[Collection(ProcessWideMetrics.Name)] // every server in the process listens to the meter's name, so counts need it alone
public sealed class RequestDurationScrapeTests
{
    private const string CountLine = "http_server_request_duration_seconds_count{";

    [Fact]
    public async Task Each_request_is_counted_once_under_its_route_in_the_next_scrape()
    {
        using var served = await VigilApp.StartWithSocketsAsync(TestDatabases.Sqlite);
        using var http = new HttpClient();
        for (var i = 0; i < 5; i++)
        {
            (await http.GetAsync(new Uri(served.HttpAddress!, "/services/ping"))).EnsureSuccessStatusCode();
        }

        var line = Assert.Single(Counts(await served.ScrapeMetricsAsync()), l => l.Contains("http_route=\"/services/ping\"", StringComparison.Ordinal));
        Assert.EndsWith("} 5", line, StringComparison.Ordinal);
        Assert.Contains("http_response_status_code=\"200\"", line, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ASP_NET_Cores_own_request_duration_histogram_is_not_exported_beside_Vigils()
    {
        using var app = await VigilApp.StartWithSocketsAsync(TestDatabases.Sqlite);
        using var http = new HttpClient();
        (await http.GetAsync(new Uri(app.HttpAddress!, "/healthz"))).EnsureSuccessStatusCode();

        var counts = Counts(await app.ScrapeMetricsAsync());

        Assert.NotEmpty(counts);
        Assert.All(counts, l => Assert.Contains("otel_scope_name=\"Vigil.Http\"", l, StringComparison.Ordinal));
    }

    private static List<string> Counts(string scraped) =>
        [.. scraped.Split('\n').Where(l => l.StartsWith(CountLine, StringComparison.Ordinal))];
}
