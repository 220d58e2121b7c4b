using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Vigil.Exposure.Metrics;
using Vigil.Tests.Support;

namespace Vigil.Tests.Exposure;

public sealed class MetricsTests
{
    public static TheoryData<string> Providers => TestDatabases.All;

    [Theory, MemberData(nameof(Providers))]
    public async Task A_health_authority_sees_its_regions_daily_counts(string provider)
    {
        await using var app = await VigilApp.StartAsync(provider);
        using var http = app.CreateClient();
        var client = new ExposureClient(app, http);
        var apiKey = await ExposureClient.CreateApiKeyAsync(app);
        var otherRegion = await ExposureClient.CreateApiKeyAsync(app, "999");
        await client.NewCodeAsync(apiKey);
        await client.NewCodeAsync(otherRegion);
        // Half the events are folded into the daily rows (twice at once, as two nodes might), half are not.
        await Task.WhenAll(FoldAsync(app), FoldAsync(app));
        app.Clock.Advance(TimeSpan.FromMinutes(10));
        var keys = await client.ClaimNewKeysAsync(apiKey);
        await client.UploadAsync(keys, client.NewUpload(5));
        await client.UploadAsync(keys, client.NewUpload(2));
        var date = app.Clock.GetUtcNow().ToString("yyyy-MM-dd");

        var reply = await http.GetAsync($"/exposure/metrics?from={date}&to={date}", apiKey);

        Assert.Equal(HttpStatusCode.OK, reply.Status);
        var row = Assert.Single(reply.Json.EnumerateArray());
        Assert.Equal(date, row.GetProperty("date").GetString());
        Assert.Equal("302", row.GetProperty("region").GetString());
        Assert.Equal(2, row.GetProperty("codesGenerated").GetInt32());
        Assert.Equal(1, row.GetProperty("codesClaimed").GetInt32());
        Assert.Equal(7, row.GetProperty("keysUploaded").GetInt32());
        Assert.Equal(1, row.GetProperty("firstUploads").GetInt32());
        Assert.Equal(0, row.GetProperty("meanSecondsToClaim").GetDouble());
    }

    private static async Task FoldAsync(VigilApp app)
    {
        await using var scope = app.Services.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<ExposureMetricsFolder>().FoldAsync(default);
    }

    [Fact]
    public async Task Metrics_are_not_public_and_dates_are_checked()
    {
        await using var app = await VigilApp.StartAsync(TestDatabases.Sqlite);
        using var http = app.CreateClient();
        var apiKey = await ExposureClient.CreateApiKeyAsync(app);
        var appUser = (await http.PostAsync("/auth/login", """{"prefecture": 1}""")).Get("token");

        Assert.Equal(HttpStatusCode.Unauthorized, (await http.GetAsync("/exposure/metrics?from=2026-11-01&to=2026-11-30", null)).Status);
        Assert.Equal(HttpStatusCode.Forbidden, (await http.GetAsync("/exposure/metrics?from=2026-11-01&to=2026-11-30", appUser)).Status);
        Assert.Equal(HttpStatusCode.BadRequest, (await http.GetAsync("/exposure/metrics?from=2026-11-30&to=2026-11-01", apiKey)).Status);
        Assert.Equal(HttpStatusCode.BadRequest, (await http.GetAsync("/exposure/metrics?from=yesterday&to=2026-11-01", apiKey)).Status);
    }
}
