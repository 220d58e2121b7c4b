using System.Diagnostics.Metrics;
using System.Globalization;
using System.Text.RegularExpressions;
using Vigil.Infrastructure.Observability;
using Vigil.Tests.Support;

namespace Vigil.Tests.Infrastructure;

/// <summary>Each metric keeps a bounded number of label combinations; the rest are counted together and flagged.</summary>
[Collection(ProcessWideMetrics.Name)]
public sealed partial class MetricStreamLimitsTests
{
    [Fact]
    public async Task Label_combinations_beyond_the_limit_are_counted_in_one_overflow_series()
    {
        using var app = await VigilApp.StartWithSocketsAsync(TestDatabases.Sqlite);
        using var meter = new Meter(VigilMetrics.MeterName);
        var counter = meter.CreateCounter<long>("vigil.test.limited");
        const int combinations = MetricStreamLimits.Default + 50;
        for (var i = 0; i < combinations; i++)
        {
            counter.Add(1, new KeyValuePair<string, object?>("n", i.ToString(CultureInfo.InvariantCulture)));
        }
        var scraped = await app.ScrapeMetricsAsync();

        var series = SeriesLine().Matches(scraped).Select(m => m.Value).ToList();
        Assert.InRange(series.Count, MetricStreamLimits.Default - 1, MetricStreamLimits.Default + 1);
        var overflow = Assert.Single(series, s => s.Contains("otel_metric_overflow=\"true\"", StringComparison.Ordinal));
        var counted = series.Sum(s => long.Parse(s[(s.LastIndexOf(' ') + 1)..], CultureInfo.InvariantCulture));
        Assert.Equal(combinations, counted);
        Assert.True(long.Parse(overflow[(overflow.LastIndexOf(' ') + 1)..], CultureInfo.InvariantCulture) > 1);
    }

    [Theory]
    [InlineData(null, false)]
    [InlineData("true", true)]
    public async Task Active_requests_are_measured_only_when_asked_for(string? setting, bool expected)
    {
        var settings = setting is null ? null : new Dictionary<string, string?> { ["Vigil:Metrics:ActiveRequests"] = setting };
        using var app = await VigilApp.StartWithSocketsAsync(TestDatabases.Sqlite, settings);
        using var http = new HttpClient();
        (await http.GetAsync(new Uri(app.HttpAddress!, "/healthz"))).EnsureSuccessStatusCode();

        var scraped = await app.ScrapeMetricsAsync();

        Assert.Contains("http_server_request_duration_seconds_count{", scraped, StringComparison.Ordinal);
        Assert.Equal(expected, scraped.Contains("http_server_active_requests{", StringComparison.Ordinal));
    }

    [GeneratedRegex(@"^vigil_test_limited_total\{.*\} \d+", RegexOptions.Multiline)]
    private static partial Regex SeriesLine();
}
