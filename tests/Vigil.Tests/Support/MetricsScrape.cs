namespace Vigil.Tests.Support;

public static class MetricsScrape
{
    /// <summary>What <c>GET /metrics</c> answers a scraper on loopback, over the server's real socket.</summary>
    public static async Task<string> ScrapeMetricsAsync(this VigilApp app)
    {
        using var http = new HttpClient();
        return await http.GetStringAsync(new Uri(app.HttpAddress!, "/metrics"));
    }
}
