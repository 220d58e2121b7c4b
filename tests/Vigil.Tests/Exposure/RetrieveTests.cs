using System.Net;
using System.Security.Cryptography;
using Vigil.Exposure.Protocol;
using Vigil.Tests.Support;

namespace Vigil.Tests.Exposure;

public sealed class RetrieveTests
{
    public static TheoryData<string> Providers => TestDatabases.All;

    private static async Task<(VigilApp App, HttpClient Http, ExposureClient Client, string ApiKey)> StartAsync(string provider = TestDatabases.Sqlite)
    {
        var app = await VigilApp.StartAsync(provider);
        var http = app.CreateClient();
        return (app, http, new ExposureClient(app, http), await ExposureClient.CreateApiKeyAsync(app));
    }

    [Theory, MemberData(nameof(Providers))]
    public async Task Todays_zip_holds_the_uploaded_keys_sorted_and_its_signature_verifies_with_the_published_key(string provider)
    {
        var (app, http, client, apiKey) = await StartAsync(provider);
        await using var _ = app;
        var upload = client.NewUpload(14);
        Assert.Equal(HttpStatusCode.OK, (await client.UploadAsync(await client.ClaimNewKeysAsync(apiKey), upload)).Status);

        var (bin, signatures, export) = await client.DownloadAsync(client.Today);

        Assert.Equal(upload.Keys.Select(k => Convert.ToHexString(k.KeyData.Span)).Order(StringComparer.Ordinal),
            export.Keys.Select(k => Convert.ToHexString(k.KeyData.Span)));
        Assert.Equal("CA", export.Region);
        Assert.Equal((ulong)client.Today * 86400, export.StartTimestamp);
        Assert.Equal((ulong)(client.Today + 1) * 86400, export.EndTimestamp);
        Assert.Equal((1, 1), (export.BatchNum, export.BatchSize));
        Assert.All(export.Keys, k => Assert.Equal(TemporaryExposureKey.Types.ReportType.ConfirmedTest, k.ReportType));
        var info = Assert.Single(export.SignatureInfos);
        Assert.Equal(("v1", "302", "1.2.840.10045.4.3.2"), (info.VerificationKeyVersion, info.VerificationKeyId, info.SignatureAlgorithm));
        var signature = Assert.Single(signatures.Signatures);
        Assert.Equal(info, signature.SignatureInfo);
        using var publicKey = ECDsa.Create();
        publicKey.ImportFromPem(await http.GetStringAsync("/exposure/export-public-key.pem"));
        Assert.True(publicKey.VerifyData(bin, signature.Signature.Span, HashAlgorithmName.SHA256, DSASignatureFormat.Rfc3279DerSequence));
        bin[^1] ^= 1;
        Assert.False(publicKey.VerifyData(bin, signature.Signature.Span, HashAlgorithmName.SHA256, DSASignatureFormat.Rfc3279DerSequence));
    }

    [Fact]
    public async Task The_hmac_is_accepted_for_the_current_hour_and_one_either_side_only()
    {
        var (app, http, client, _) = await StartAsync();
        await using var _ = app;
        var today = client.Today.ToString("D5");

        foreach (var offset in new[] { -1, 0, 1 })
        {
            Assert.Equal(HttpStatusCode.OK, (await http.GetAsync(client.RetrievePath(today, offset))).StatusCode);
        }
        foreach (var offset in new[] { -3, -2, 2, 3 })
        {
            var response = await http.GetAsync(client.RetrievePath(today, offset));
            Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
            Assert.Equal("unauthorized\n", await response.Content.ReadAsStringAsync());
        }
        Assert.Equal(HttpStatusCode.Unauthorized, (await http.GetAsync($"/retrieve/302/{today}/{new string('0', 64)}")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await http.GetAsync(client.RetrievePath(today, region: "303").Replace("/303/", "/302/"))).StatusCode);
    }

    [Fact]
    public async Task Other_methods_are_405_after_authentication_and_401_before()
    {
        var (app, http, client, _) = await StartAsync();
        await using var _ = app;
        var path = client.RetrievePath(client.Today.ToString("D5"));

        Assert.Equal(HttpStatusCode.MethodNotAllowed, (await http.PostAsync(path, null)).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await http.PostAsync($"/retrieve/302/{client.Today:D5}/{new string('a', 64)}", null)).StatusCode);
    }

    [Fact]
    public async Task Day_rules_tomorrow_is_404_fifteen_days_ago_is_410_fourteen_is_served()
    {
        var (app, http, client, _) = await StartAsync();
        await using var _ = app;

        var tomorrow = await client.RetrieveAsync(client.Today + 1);
        var tooOld = await client.RetrieveAsync(client.Today - 15);

        Assert.Equal(HttpStatusCode.NotFound, tomorrow.StatusCode);
        Assert.Equal("cannot request future data\n", await tomorrow.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.Gone, tooOld.StatusCode);
        Assert.Equal("requested data no longer valid\n", await tooOld.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.OK, (await client.RetrieveAsync(client.Today - 14)).StatusCode);
        var served = await client.RetrieveAsync(client.Today);
        Assert.Equal("public, max-age=3600, max-stale=600", served.Headers.CacheControl?.ToString().Replace(" ", "").Replace(",", ", "));
    }

    [Theory, MemberData(nameof(Providers))]
    public async Task Keys_stay_in_their_submission_days_file_for_fourteen_days_and_the_bundle_holds_the_last_fifteen_days(string provider)
    {
        var (app, http, client, apiKey) = await StartAsync(provider);
        await using var _ = app;
        var uploadDay = client.Today;
        var keys = await client.ClaimNewKeysAsync(apiKey);
        var upload = client.NewUpload(3);
        await client.UploadAsync(keys, upload);
        var expected = upload.Keys.Select(k => k.KeyData).OrderBy(k => Convert.ToHexString(k.Span), StringComparer.Ordinal).ToList();

        app.Clock.Advance(TimeSpan.FromDays(1));
        Assert.Equal(expected, (await client.DownloadAsync(uploadDay)).Export.Keys.Select(k => k.KeyData));
        Assert.Equal(expected, (await client.DownloadAsync(0)).Export.Keys.Select(k => k.KeyData));
        Assert.Empty((await client.DownloadAsync(client.Today)).Export.Keys);

        app.Clock.Advance(TimeSpan.FromDays(13));
        Assert.Equal(HttpStatusCode.OK, (await client.RetrieveAsync(uploadDay)).StatusCode);
        app.Clock.Advance(TimeSpan.FromDays(1));
        Assert.Equal(HttpStatusCode.Gone, (await client.RetrieveAsync(uploadDay)).StatusCode);
    }

    [Fact]
    public async Task Todays_export_is_cached_and_an_upload_shows_up_ten_seconds_later()
    {
        var (app, http, client, apiKey) = await StartAsync();
        await using var _ = app;
        var keys = await client.ClaimNewKeysAsync(apiKey);
        await client.UploadAsync(keys, client.NewUpload(2));
        var first = await client.DownloadAsync(client.Today);

        await client.UploadAsync(keys, client.NewUpload(3));
        var immediately = await client.DownloadAsync(client.Today);
        app.Clock.Advance(TimeSpan.FromSeconds(10));
        var later = await client.DownloadAsync(client.Today);

        Assert.Equal(2, first.Export.Keys.Count);
        Assert.Equal(first.ExportBin, immediately.ExportBin);
        Assert.Equal(5, later.Export.Keys.Count);
    }

    [Fact]
    public async Task A_finished_day_is_built_once_and_then_served_from_the_data_directory()
    {
        var (app, http, client, apiKey) = await StartAsync();
        await using var _ = app;
        await client.UploadAsync(await client.ClaimNewKeysAsync(apiKey), client.NewUpload(2));
        var day = client.Today;
        app.Clock.Advance(TimeSpan.FromDays(1));

        var first = await client.DownloadAsync(day);
        var file = Path.Combine(app.DataDirectory, "exports", "keys", "302", $"{day}.zip");
        Assert.True(File.Exists(file));
        // A later upload lands in today's file; yesterday's cached file is what is served again.
        await client.UploadAsync(await client.ClaimNewKeysAsync(apiKey), client.NewUpload(2));
        Assert.Equal(first.ExportBin, (await client.DownloadAsync(day)).ExportBin);
    }

    [Fact]
    public async Task A_file_holds_at_most_the_configured_number_of_keys_the_lowest_key_data_first()
    {
        await using var app = await VigilApp.StartAsync(TestDatabases.Sqlite, new Dictionary<string, string?> { ["Vigil:Exposure:MaxKeysPerFile"] = "5" });
        using var http = app.CreateClient();
        var client = new ExposureClient(app, http);
        var upload = client.NewUpload(8);
        await client.UploadAsync(await client.ClaimNewKeysAsync(await ExposureClient.CreateApiKeyAsync(app)), upload);

        var export = (await client.DownloadAsync(client.Today)).Export;

        Assert.Equal(upload.Keys.Select(k => Convert.ToHexString(k.KeyData.Span)).Order(StringComparer.Ordinal).Take(5),
            export.Keys.Select(k => Convert.ToHexString(k.KeyData.Span)));
    }

    [Fact]
    public async Task Keys_older_than_fourteen_days_of_validity_are_left_out()
    {
        var (app, http, client, apiKey) = await StartAsync();
        await using var _ = app;
        var upload = client.NewUpload(2);
        var firstIntervalToday = client.Today * 144;
        upload.Keys[0].RollingStartIntervalNumber = firstIntervalToday - 14 * 144;
        upload.Keys[1].RollingStartIntervalNumber = firstIntervalToday - 14 * 144 + 1;
        await client.UploadAsync(await client.ClaimNewKeysAsync(apiKey), upload);

        var export = (await client.DownloadAsync(client.Today)).Export;

        Assert.Equal(upload.Keys[1].KeyData, Assert.Single(export.Keys).KeyData);
    }
}
