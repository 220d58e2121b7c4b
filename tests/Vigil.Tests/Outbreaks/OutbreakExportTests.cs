using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using Microsoft.Extensions.DependencyInjection;
using Vigil.Outbreaks;
using Vigil.Tests.Support;

namespace Vigil.Tests.Outbreaks;

public sealed class OutbreakExportTests
{
    public static TheoryData<string> Providers => TestDatabases.All;

    private static async Task<(VigilApp App, HttpClient Http, OutbreakClient Client, string Key)> StartAsync(string provider = TestDatabases.Sqlite)
    {
        var app = await VigilApp.StartAsync(provider);
        var http = app.CreateClient();
        return (app, http, new OutbreakClient(app, http), await ExposureClient.CreateApiKeyAsync(app));
    }

    private static int Today(VigilApp app) => (int)(app.Clock.GetUtcNow().ToUnixTimeSeconds() / 86400);

    [Theory, MemberData(nameof(Providers))]
    public async Task Submitted_events_come_back_in_the_days_signed_zip_sorted_by_location(string provider)
    {
        var (app, http, client, key) = await StartAsync(provider);
        await using var _ = app;
        foreach (var location in new[] { "ZZZZ0001", "AAAA0001", "MMMM0001" })
        {
            await client.SubmitAsync(key, client.Event(location, TimeSpan.FromHours(6), TimeSpan.FromHours(2)));
        }

        var (bin, export, signature) = await client.DownloadAsync(Today(app));

        Assert.Equal(["AAAA0001", "MMMM0001", "ZZZZ0001"], export.Locations.Select(l => l.LocationId));
        Assert.Equal((ulong)Today(app) * 86400, export.StartTimestamp);
        Assert.Equal((ulong)(Today(app) + 1) * 86400, export.EndTimestamp);
        Assert.NotEqual((byte)'E', bin[0]); // no "EK Export v1" header on these files
        using var publicKey = ECDsa.Create();
        publicKey.ImportFromPem(await http.GetStringAsync("/exposure/export-public-key.pem"));
        Assert.True(publicKey.VerifyData(bin, signature, HashAlgorithmName.SHA256, DSASignatureFormat.Rfc3279DerSequence));
    }

    [Fact]
    public async Task The_bundle_holds_yesterday_and_hmac_and_day_rules_match_retrieve()
    {
        var (app, http, client, key) = await StartAsync();
        await using var _ = app;
        await client.SubmitAsync(key, client.Event("AAAA0002", TimeSpan.FromHours(6), TimeSpan.FromHours(2)));
        app.Clock.Advance(TimeSpan.FromDays(1));

        Assert.Equal("AAAA0002", Assert.Single((await client.DownloadAsync(0)).Export.Locations).LocationId);
        Assert.Equal(HttpStatusCode.Unauthorized, (await http.GetAsync(client.Path(Today(app), hourOffset: 2))).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await http.GetAsync(client.Path(Today(app) + 1))).StatusCode);
        Assert.Equal(HttpStatusCode.Gone, (await http.GetAsync(client.Path(Today(app) - 15))).StatusCode);
        Assert.Equal("public, max-age=3600, max-stale=600", (await http.GetAsync(client.Path(Today(app)))).Headers.CacheControl!.ToString());
    }

    [Theory, MemberData(nameof(Providers))]
    public async Task A_withdrawn_or_corrected_event_changes_the_next_export_of_its_finished_day(string provider)
    {
        var (app, http, client, key) = await StartAsync(provider);
        await using var _ = app;
        await client.SubmitAsync(key, client.Event("KEEP0001", TimeSpan.FromHours(6), TimeSpan.FromHours(2)));
        await client.SubmitAsync(key, client.Event("GONE0001", TimeSpan.FromHours(6), TimeSpan.FromHours(2)));
        var day = Today(app);
        app.Clock.Advance(TimeSpan.FromDays(1));
        Assert.Equal(2, (await client.DownloadAsync(day)).Export.Locations.Count);
        var staff = await app.StaffTokenAsync(http, "health_authority", region: "302");
        var events = (await http.GetAsync("/qr/events", staff)).Json.EnumerateArray().ToList();
        var gone = events.Single(e => e.GetProperty("locationId").GetString() == "GONE0001").GetProperty("id").GetString();
        var keep = events.Single(e => e.GetProperty("locationId").GetString() == "KEEP0001").GetProperty("id").GetString();

        Assert.Equal(HttpStatusCode.OK, (await http.PostAsync($"/qr/events/{gone}/withdraw", """{"reason":"entered in error"}""", staff)).Status);
        using var patch = new HttpRequestMessage(HttpMethod.Patch, $"/qr/events/{keep}") { Content = JsonContent.Create(new { severity = 3 }) };
        patch.Headers.Authorization = new("Bearer", staff);
        Assert.Equal(HttpStatusCode.OK, (await http.SendAsync(patch)).StatusCode);

        var after = (await client.DownloadAsync(day)).Export;
        var kept = Assert.Single(after.Locations);
        Assert.Equal(("KEEP0001", 3u), (kept.LocationId, kept.Severity));
        var audit = (await http.GetAsync($"/qr/events/{gone}/audit", staff)).Json.EnumerateArray().Select(a => a.GetProperty("action").GetString()).ToList();
        Assert.Equal(["created", "withdrawn"], audit);
    }

    [Fact]
    public async Task Staff_of_one_region_neither_see_nor_touch_another_regions_events()
    {
        var (app, http, client, key) = await StartAsync();
        await using var _ = app;
        await client.SubmitAsync(key, client.Event("ONTA0001", TimeSpan.FromHours(6), TimeSpan.FromHours(2)));
        var ontario = await app.StaffTokenAsync(http, "health_authority", region: "302");
        var elsewhere = await app.StaffTokenAsync(http, "health_authority", region: "303");
        var id = (await http.GetAsync("/qr/events", ontario)).Json[0].GetProperty("id").GetString();

        Assert.Equal(0, (await http.GetAsync("/qr/events", elsewhere)).Json.GetArrayLength());
        Assert.Equal(HttpStatusCode.NotFound, (await http.PostAsync($"/qr/events/{id}/withdraw", """{"reason":"not mine"}""", elsewhere)).Status);
        Assert.Equal(HttpStatusCode.NotFound, (await http.GetAsync($"/qr/events/{id}/audit", elsewhere)).Status);
        Assert.Equal(HttpStatusCode.Forbidden, (await http.GetAsync("/qr/events", await app.StaffTokenAsync(http, "clinician"))).Status);
        Assert.Equal(HttpStatusCode.BadRequest, (await http.PostAsync($"/qr/events/{id}/withdraw", """{"reason":""}""", ontario)).Status);
    }

    [Theory, MemberData(nameof(Providers))]
    public async Task Events_are_deleted_once_older_than_the_fifteen_day_window(string provider)
    {
        var (app, _, client, key) = await StartAsync(provider);
        await using var _ = app;
        await client.SubmitAsync(key, client.Event("OLDE0001", TimeSpan.FromHours(6), TimeSpan.FromHours(2)));

        app.Clock.Advance(TimeSpan.FromDays(16) - TimeSpan.FromHours(12) - TimeSpan.FromMilliseconds(1));
        Assert.Equal(0, await RetainAsync(app));
        app.Clock.Advance(TimeSpan.FromMilliseconds(1));
        Assert.Equal(1, await RetainAsync(app));
    }

    private static async Task<int> RetainAsync(VigilApp app)
    {
        await using var scope = app.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<OutbreakRetention>().RunAsync(default);
    }
}
