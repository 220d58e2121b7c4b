using System.IO.Compression;
using System.Net;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Vigil.Exposure.Mamori;
using Vigil.Infrastructure.Database;
using Vigil.Tests.Support;

namespace Vigil.Tests.Exposure;

public sealed class MamoriPositivesTests
{
    public static TheoryData<string> Providers => TestDatabases.All;

    private static async Task<(VigilApp App, HttpClient Http, ExposureClient Client)> StartAsync(string provider = TestDatabases.Sqlite, Dictionary<string, string?>? settings = null)
    {
        var app = await VigilApp.StartAsync(provider, settings);
        var http = app.CreateClient();
        return (app, http, new ExposureClient(app, http));
    }

    private static async Task<string> AppUserAsync(HttpClient http) => (await http.PostAsync("/auth/login", """{"prefecture": 13}""")).Get("token");

    private static string Report(string randomId, string token, params (string Id, long From)[] tempIds) =>
        JsonSerializer.Serialize(new
        {
            randomID = randomId,
            tempIDs = tempIds.Select(t => new { tempID = t.Id, validFrom = t.From, validTo = t.From + 600 }),
            healthCenterToken = token,
        });

    private static async Task<PendingReportValidation.Outcome> ValidateAsync(VigilApp app)
    {
        await using var scope = app.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<PendingReportValidation>().RunAsync(default);
    }

    private static async Task<List<string>> FeedAsync(VigilApp app, HttpClient http, string token)
    {
        await app.Services.GetRequiredService<PositivesFeed>().RebuildAsync(default);
        using var request = new HttpRequestMessage(HttpMethod.Get, "/positives.json.gz") { Headers = { { "Authorization", "Bearer " + token } } };
        var response = await http.SendAsync(request);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        await using var gzip = new GZipStream(await response.Content.ReadAsStreamAsync(), CompressionMode.Decompress);
        using var json = await JsonDocument.ParseAsync(gzip);
        return json.RootElement.GetProperty("data").EnumerateArray().Select(e => e.GetString()!).ToList();
    }

    private long Now(VigilApp app) => app.Clock.GetUtcNow().ToUnixTimeSeconds();

    [Theory, MemberData(nameof(Providers))]
    public async Task A_report_vouched_for_by_a_vigil_code_is_published_only_after_validation_and_the_code_is_spent(string provider)
    {
        var (app, http, client) = await StartAsync(provider);
        await using var _ = app;
        var user = await AppUserAsync(http);
        var code = await client.NewCodeAsync(await ExposureClient.CreateApiKeyAsync(app));

        var reply = await http.PostAsync("/users/me/health_center_tokens", Report("r-1", code, ("temp-a", Now(app)), ("temp-b", Now(app))), user);
        Assert.Equal(HttpStatusCode.OK, reply.Status);
        Assert.Equal("{}", reply.Json.GetRawText());
        Assert.Empty(await FeedAsync(app, http, user));

        Assert.Equal(new PendingReportValidation.Outcome(1, 0, 0), await ValidateAsync(app));
        Assert.Equal(["temp-a", "temp-b"], await FeedAsync(app, http, user));

        await http.PostAsync("/users/me/health_center_tokens", Report("r-2", code, ("temp-c", Now(app))), user);
        Assert.Equal(new PendingReportValidation.Outcome(0, 1, 0), await ValidateAsync(app));
        Assert.DoesNotContain("temp-c", await FeedAsync(app, http, user));
        Assert.Equal(HttpStatusCode.Unauthorized, (await client.ClaimAsync(code, new byte[32])).Status);
    }

    [Fact]
    public async Task An_invalid_token_is_rejected_never_published_and_erased()
    {
        var (app, http, _) = await StartAsync();
        await using var __ = app;
        var user = await AppUserAsync(http);

        await http.PostAsync("/users/me/health_center_tokens", Report("r-1", "NOT-A-CODE", ("temp-x", Now(app))), user);
        await ValidateAsync(app);

        Assert.Empty(await FeedAsync(app, http, user));
        await using var scope = app.Services.CreateAsyncScope();
        var report = await scope.ServiceProvider.GetRequiredService<VigilDb>().Set<PositiveReport>().SingleAsync();
        Assert.Equal((PositiveReportStatus.Rejected, null), (report.Status, report.HealthCenterToken));
    }

    [Theory]
    [InlineData("""{"randomID":"r","tempIDs":[{"tempID":"t","validFrom":1588297800,"validTo":1588297800}],"healthCenterToken":"x","extra":1}""")]
    [InlineData("""{"randomID":"r","tempIDs":[{"tempID":"t","validFrom":1588297800,"validTo":1588297800,"x":1}],"healthCenterToken":"x"}""")]
    [InlineData("""{"randomID":"","tempIDs":[{"tempID":"t","validFrom":1588297800,"validTo":1588297800}],"healthCenterToken":"x"}""")]
    [InlineData("""{"randomID":"r","tempIDs":[],"healthCenterToken":"x"}""")]
    [InlineData("""{"randomID":"r","tempIDs":[{"tempID":"t","validFrom":1588297800,"validTo":1588297800}],"healthCenterToken":""}""")]
    [InlineData("""{"randomID":"r","tempIDs":[{"tempID":"t","validFrom":"1588297800","validTo":1588297800}],"healthCenterToken":"x"}""")]
    [InlineData("""{"randomID":"r","tempIDs":[{"tempID":"t","validTo":1588297800}],"healthCenterToken":"x"}""")]
    [InlineData("""{"randomID":"r","healthCenterToken":"x"}""")]
    public async Task Malformed_reports_are_400_and_store_nothing(string body)
    {
        var (app, http, _) = await StartAsync();
        await using var __ = app;

        (await http.PostAsync("/users/me/health_center_tokens", body, await AppUserAsync(http))).AssertError(HttpStatusCode.BadRequest);

        await using var scope = app.Services.CreateAsyncScope();
        Assert.Equal(0, await scope.ServiceProvider.GetRequiredService<VigilDb>().Set<PositiveReport>().CountAsync());
    }

    [Fact]
    public async Task A_user_withdraws_its_own_report_and_cannot_touch_anothers()
    {
        var (app, http, client) = await StartAsync();
        await using var _ = app;
        var apiKey = await ExposureClient.CreateApiKeyAsync(app);
        var alice = await AppUserAsync(http);
        var bob = await AppUserAsync(http);
        await http.PostAsync("/users/me/health_center_tokens", Report("alice-1", await client.NewCodeAsync(apiKey), ("alice-temp", Now(app))), alice);
        await http.PostAsync("/users/me/health_center_tokens", Report("bob-1", await client.NewCodeAsync(apiKey), ("bob-temp", Now(app))), bob);
        await ValidateAsync(app);

        using var bobTriesAlice = new HttpRequestMessage(HttpMethod.Delete, "/users/me/diagnosis_keys")
        {
            Content = new StringContent("""{"randomIDs":[{"randomID":"alice-1"}]}"""),
            Headers = { { "Authorization", "Bearer " + bob } },
        };
        Assert.Equal(HttpStatusCode.OK, (await http.SendAsync(bobTriesAlice)).StatusCode);
        Assert.Equal(["alice-temp", "bob-temp"], await FeedAsync(app, http, alice));

        using var aliceWithdraws = new HttpRequestMessage(HttpMethod.Delete, "/users/me/diagnosis_keys")
        {
            Content = new StringContent("""{"randomIDs":[{"randomID":"alice-1"}]}"""),
            Headers = { { "Authorization", "Bearer " + alice } },
        };
        Assert.Equal(HttpStatusCode.OK, (await http.SendAsync(aliceWithdraws)).StatusCode);
        Assert.Equal(["bob-temp"], await FeedAsync(app, http, alice));
    }

    [Fact]
    public async Task The_feed_starts_at_tokyo_midnight_fourteen_days_ago_and_answers_304_to_its_etag()
    {
        var (app, http, client) = await StartAsync();
        await using var _ = app;
        var user = await AppUserAsync(http);
        // The clock reads 2026-11-23 12:00 UTC = 21:00 in Tokyo; midnight there 14 days before is 2026-11-08 15:00 UTC.
        var cutoff = new DateTimeOffset(2026, 11, 8, 15, 0, 0, TimeSpan.Zero).ToUnixTimeSeconds();
        await http.PostAsync("/users/me/health_center_tokens",
            Report("r", await client.NewCodeAsync(await ExposureClient.CreateApiKeyAsync(app)), ("too-old", cutoff - 1), ("just-in", cutoff)), user);
        await ValidateAsync(app);

        Assert.Equal(["just-in"], await FeedAsync(app, http, user));

        var first = await http.SendAsync(new HttpRequestMessage(HttpMethod.Get, "/positives.json.gz") { Headers = { { "Authorization", "Bearer " + user } } });
        var etag = first.Headers.ETag!.Tag;
        var again = await http.SendAsync(new HttpRequestMessage(HttpMethod.Get, "/positives.json.gz")
        {
            Headers = { { "Authorization", "Bearer " + user }, { "If-None-Match", etag } },
        });
        Assert.Equal(HttpStatusCode.NotModified, again.StatusCode);
    }

    [Fact]
    public async Task Only_app_users_may_report_or_read_the_feed()
    {
        var (app, http, _) = await StartAsync();
        await using var _ = app;
        var staff = await app.StaffTokenAsync(http, "clinician");

        Assert.Equal(HttpStatusCode.Unauthorized, (await http.GetAsync("/positives.json.gz", null)).Status);
        Assert.Equal(HttpStatusCode.Forbidden, (await http.GetAsync("/positives.json.gz", staff)).Status);
        Assert.Equal(HttpStatusCode.Forbidden, (await http.PostAsync("/users/me/health_center_tokens", Report("r", "t", ("x", 1))
            , staff)).Status);
    }
}
