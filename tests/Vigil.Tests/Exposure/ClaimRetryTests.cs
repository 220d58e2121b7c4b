using System.Net;
using Vigil.Exposure.Sodium;
using Vigil.Tests.Support;
using static Vigil.Exposure.Protocol.KeyClaimResponse.Types;

namespace Vigil.Tests.Exposure;

/// <summary>Finding 5 of the hardening run: a claim whose answer was lost used the code up.</summary>
public sealed class ClaimRetryTests(VigilApps apps) : IClassFixture<VigilApps>
{
    public static TheoryData<string> Providers => TestDatabases.All;

    [Theory, MemberData(nameof(Providers))]
    public async Task Claiming_again_with_the_same_code_and_app_key_gets_the_same_server_key_and_the_upload_works(string provider)
    {
        var (app, client, apiKey) = await StartAsync(provider);
        var code = await client.NewCodeAsync(apiKey);
        var (publicKey, secretKey) = NaclBox.CreateKeyPair();

        var first = await client.ClaimAsync(code, publicKey, peer: "198.51.100.70");
        var retry = await client.ClaimAsync(code, publicKey, peer: "198.51.100.70");
        var upload = await client.UploadAsync(new ExposureClient.AppKeys(publicKey, secretKey, retry.Response.ServerPublicKey.ToByteArray()), client.NewUpload(2));

        Assert.Equal((HttpStatusCode.OK, ErrorCode.None), (first.Status, first.Response.Error));
        Assert.Equal((HttpStatusCode.OK, ErrorCode.None, 50u), (retry.Status, retry.Response.Error, retry.Response.TriesRemaining));
        Assert.Equal(first.Response.ServerPublicKey, retry.Response.ServerPublicKey);
        Assert.Equal(HttpStatusCode.OK, upload.Status);
    }

    [Theory, MemberData(nameof(Providers))]
    public async Task Parallel_claims_of_one_code_with_one_app_key_all_get_the_same_server_key(string provider)
    {
        var (_, client, apiKey) = await StartAsync(provider);
        var code = await client.NewCodeAsync(apiKey);
        var (publicKey, _) = NaclBox.CreateKeyPair();

        var claims = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => client.ClaimAsync(code, publicKey)));

        Assert.All(claims, claim => Assert.Equal((HttpStatusCode.OK, ErrorCode.None), (claim.Status, claim.Response.Error)));
        Assert.Single(claims.Select(c => Convert.ToHexString(c.Response.ServerPublicKey.ToByteArray())).Distinct());
    }

    [Fact]
    public async Task A_claimed_code_with_another_app_key_is_still_an_invalid_one_time_code()
    {
        var (_, client, apiKey) = await StartAsync(TestDatabases.Sqlite);
        var code = await client.NewCodeAsync(apiKey);
        Assert.Equal(HttpStatusCode.OK, (await client.ClaimAsync(code, NaclBox.CreateKeyPair().PublicKey, peer: "198.51.100.71")).Status);

        var stranger = await client.ClaimAsync(code, NaclBox.CreateKeyPair().PublicKey, peer: "198.51.100.71");

        Assert.Equal((HttpStatusCode.Unauthorized, ErrorCode.InvalidOneTimeCode, 49u), (stranger.Status, stranger.Response.Error, stranger.Response.TriesRemaining));
    }

    [Fact]
    public async Task After_the_retry_window_the_same_pair_is_a_registered_key()
    {
        using var app = await VigilApp.StartAsync(TestDatabases.Sqlite);
        var client = new ExposureClient(app, app.CreateClient());
        var code = await client.NewCodeAsync(await ExposureClient.CreateApiKeyAsync(app));
        var (publicKey, _) = NaclBox.CreateKeyPair();
        Assert.Equal(HttpStatusCode.OK, (await client.ClaimAsync(code, publicKey)).Status);

        app.Clock.Advance(new Vigil.Exposure.ExposureOptions().ClaimRetryWindow + TimeSpan.FromSeconds(1));

        Assert.Equal((HttpStatusCode.Unauthorized, ErrorCode.InvalidKey), Result(await client.ClaimAsync(code, publicKey)));
    }

    private static (HttpStatusCode, ErrorCode) Result((HttpStatusCode Status, Vigil.Exposure.Protocol.KeyClaimResponse Response) reply) =>
        (reply.Status, reply.Response.Error);

    private async Task<(VigilApp App, ExposureClient Client, string ApiKey)> StartAsync(string provider)
    {
        var app = await apps.For(provider);
        return (app, new ExposureClient(app, app.CreateClient()), await ExposureClient.CreateApiKeyAsync(app));
    }
}
