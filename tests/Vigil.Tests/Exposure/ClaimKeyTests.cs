using System.Net;
using Google.Protobuf;
using Vigil.Exposure.Protocol;
using Vigil.Exposure.Sodium;
using Vigil.Tests.Support;
using static Vigil.Exposure.Protocol.KeyClaimResponse.Types;

namespace Vigil.Tests.Exposure;

public sealed class ClaimKeyTests(VigilApps apps) : IClassFixture<VigilApps>
{
    public static TheoryData<string> Providers => TestDatabases.All;

    [Theory, MemberData(nameof(Providers))]
    public async Task A_live_code_is_claimed_once_and_returns_the_server_key_with_fifty_tries(string provider)
    {
        var app = await apps.For(provider);
        using var http = app.CreateClient();
        var client = new ExposureClient(app, http);
        var code = await client.NewCodeAsync(await ExposureClient.CreateApiKeyAsync(app));
        var (publicKey, _) = NaclBox.CreateKeyPair();

        var (status, response) = await client.ClaimAsync($"{code[..3]} {code[3..6]}-{code[6..]}", publicKey, peer: "198.51.100.10");
        var again = await client.ClaimAsync(code, NaclBox.CreateKeyPair().PublicKey, peer: "198.51.100.10");

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal(ErrorCode.None, response.Error);
        Assert.Equal(32, response.ServerPublicKey.Length);
        Assert.Equal(50u, response.TriesRemaining);
        Assert.Equal(HttpStatusCode.Unauthorized, again.Status);
        Assert.Equal(ErrorCode.InvalidOneTimeCode, again.Response.Error);
        Assert.Equal(49u, again.Response.TriesRemaining);
    }

    [Fact]
    public async Task Garbage_and_oversize_bodies_are_400_unknown_and_cost_no_try()
    {
        var app = await apps.For(TestDatabases.Sqlite);
        using var http = app.CreateClient();
        var client = new ExposureClient(app, http);

        var garbage = await client.ClaimRawAsync([0xff, 0xff, 0xff, 0x0f], peer: "198.51.100.20");
        var oversize = await client.ClaimRawAsync(new KeyClaimRequest { OneTimeCode = new string('A', 300) }.ToByteArray(), peer: "198.51.100.20");

        Assert.Equal((HttpStatusCode.BadRequest, ErrorCode.Unknown, 50u), (garbage.Status, garbage.Response.Error, garbage.Response.TriesRemaining));
        Assert.Equal((HttpStatusCode.BadRequest, ErrorCode.Unknown, 50u), (oversize.Status, oversize.Response.Error, oversize.Response.TriesRemaining));
    }

    [Fact]
    public async Task An_app_key_of_the_wrong_length_is_400_invalid_key_and_a_registered_one_is_401_invalid_key()
    {
        var app = await apps.For(TestDatabases.Sqlite);
        using var http = app.CreateClient();
        var client = new ExposureClient(app, http);
        var apiKey = await ExposureClient.CreateApiKeyAsync(app);
        var keys = await client.ClaimNewKeysAsync(apiKey);

        var shortKey = await client.ClaimAsync(await client.NewCodeAsync(apiKey), new byte[31]);
        var reused = await client.ClaimAsync(await client.NewCodeAsync(apiKey), keys.PublicKey);

        Assert.Equal((HttpStatusCode.BadRequest, ErrorCode.InvalidKey), (shortKey.Status, shortKey.Response.Error));
        Assert.Equal((HttpStatusCode.Unauthorized, ErrorCode.InvalidKey), (reused.Status, reused.Response.Error));
    }

    [Fact]
    public async Task A_code_expires_after_24_hours()
    {
        await using var app = await VigilApp.StartAsync(TestDatabases.Sqlite);
        using var http = app.CreateClient();
        var client = new ExposureClient(app, http);
        var code = await client.NewCodeAsync(await ExposureClient.CreateApiKeyAsync(app));

        app.Clock.Advance(TimeSpan.FromHours(24));

        Assert.Equal(ErrorCode.InvalidOneTimeCode, (await client.ClaimAsync(code, NaclBox.CreateKeyPair().PublicKey)).Response.Error);
    }

    [Theory, MemberData(nameof(Providers))]
    public async Task Fifty_failures_ban_the_client_for_an_hour_and_then_it_recovers(string provider)
    {
        await using var app = await VigilApp.StartAsync(provider);
        using var http = app.CreateClient();
        var client = new ExposureClient(app, http);
        var code = await client.NewCodeAsync(await ExposureClient.CreateApiKeyAsync(app));
        var appKey = NaclBox.CreateKeyPair().PublicKey;

        for (var i = 1; i <= 50; i++)
        {
            var failure = await client.ClaimAsync("AAAAAAAAAA", appKey, peer: "203.0.113.50");
            Assert.Equal((uint)(50 - i), failure.Response.TriesRemaining);
        }
        var banned = await client.ClaimAsync(code, appKey, peer: "203.0.113.50");
        var elsewhere = await client.ClaimAsync("AAAAAAAAAA", appKey, peer: "203.0.113.51");

        Assert.Equal((HttpStatusCode.TooManyRequests, ErrorCode.TemporaryBan, 0u), (banned.Status, banned.Response.Error, banned.Response.TriesRemaining));
        Assert.Equal(TimeSpan.FromHours(1), banned.Response.RemainingBanDuration.ToTimeSpan());
        Assert.Equal(HttpStatusCode.Unauthorized, elsewhere.Status);

        app.Clock.Advance(TimeSpan.FromMinutes(30));
        Assert.Equal(TimeSpan.FromMinutes(30), (await client.ClaimAsync(code, appKey, peer: "203.0.113.50")).Response.RemainingBanDuration.ToTimeSpan());
        app.Clock.Advance(TimeSpan.FromMinutes(30));
        Assert.Equal(HttpStatusCode.OK, (await client.ClaimAsync(code, appKey, peer: "203.0.113.50")).Status);
    }

    [Fact]
    public async Task A_spoofed_forwarded_for_does_not_escape_the_ban()
    {
        await using var app = await VigilApp.StartAsync(TestDatabases.Sqlite, new Dictionary<string, string?>
        {
            ["Vigil:Exposure:MaxClaimFailures"] = "3",
        });
        using var http = app.CreateClient();
        var client = new ExposureClient(app, http);
        var appKey = NaclBox.CreateKeyPair().PublicKey;

        for (var i = 0; i < 3; i++)
        {
            var failure = await client.ClaimAsync("AAAAAAAAAA", appKey, peer: "2001:db8:5:5::1", forwardedFor: $"198.51.100.{i}");
            Assert.Equal((uint)(2 - i), failure.Response.TriesRemaining);
        }

        var spoofed = await client.ClaimAsync("AAAAAAAAAA", appKey, peer: "2001:db8:5:5::2", forwardedFor: "198.51.100.99");
        Assert.Equal(ErrorCode.TemporaryBan, spoofed.Response.Error);
    }
}
