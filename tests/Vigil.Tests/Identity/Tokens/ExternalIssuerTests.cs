using System.Net;
using System.Security.Cryptography;
using System.Text.Json;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;
using Vigil.Mqtt.Client;
using Vigil.Tests.Support;

namespace Vigil.Tests.Identity.Tokens;

public sealed class ExternalIssuerTests
{
    private static readonly byte[] Secret = RandomNumberGenerator.GetBytes(32);
    private static readonly ECDsa IdpKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);

    [Fact]
    public async Task Tokens_of_a_trusted_hs256_issuer_authenticate_with_the_configured_user_claim()
    {
        await using var app = await StartAsync();
        using var client = app.CreateClient();
        var token = Sign("https://hs.example", new SymmetricSecurityKey(Secret), SecurityAlgorithms.HmacSha256, app.Clock);

        var me = await client.GetAsync("/auth/me", token);

        Assert.Equal(HttpStatusCode.OK, me.Status);
        Assert.Equal("user-42", me.Get("subject"));
        Assert.Equal("app_user", me.Json.GetProperty("roles")[0].GetString());
    }

    [Fact]
    public async Task A_trusted_issuers_token_expiring_after_the_last_date_a_clock_can_hold_is_refused_not_failed_on()
    {
        await using var app = await StartAsync();
        using var client = app.CreateClient();
        var token = new JsonWebTokenHandler { SetDefaultTimesOnTokenCreation = false }.CreateToken(new SecurityTokenDescriptor
        {
            Issuer = "https://hs.example",
            Claims = new Dictionary<string, object> { ["uid"] = "user-42", ["exp"] = 253_402_300_800L }, // 10000-01-01
            SigningCredentials = new SigningCredentials(new SymmetricSecurityKey(Secret), SecurityAlgorithms.HmacSha256),
        });

        Assert.Equal(HttpStatusCode.Unauthorized, (await client.GetAsync("/auth/me", token)).Status);
    }

    [Fact]
    public async Task Tokens_of_a_trusted_jwks_issuer_authenticate()
    {
        await using var app = await StartAsync();
        using var client = app.CreateClient();
        var token = Sign("https://jwks.example", new ECDsaSecurityKey(IdpKey) { KeyId = "idp-1" }, SecurityAlgorithms.EcdsaSha256, app.Clock);

        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/auth/me", token)).Status);
    }

    [Fact]
    public async Task A_token_of_a_trusted_issuer_signed_with_another_secret_or_an_unknown_issuer_is_refused()
    {
        await using var app = await StartAsync();
        using var client = app.CreateClient();
        var wrongSecret = Sign("https://hs.example", new SymmetricSecurityKey(RandomNumberGenerator.GetBytes(32)), SecurityAlgorithms.HmacSha256, app.Clock);
        var unknownIssuer = Sign("https://evil.example", new SymmetricSecurityKey(Secret), SecurityAlgorithms.HmacSha256, app.Clock);
        var algorithmSwap = Sign("https://jwks.example", new SymmetricSecurityKey(Secret), SecurityAlgorithms.HmacSha256, app.Clock);

        Assert.Equal(HttpStatusCode.Unauthorized, (await client.GetAsync("/auth/me", wrongSecret)).Status);
        Assert.Equal(HttpStatusCode.Unauthorized, (await client.GetAsync("/auth/me", unknownIssuer)).Status);
        Assert.Equal(HttpStatusCode.Unauthorized, (await client.GetAsync("/auth/me", algorithmSwap)).Status);
    }

    [Fact]
    public async Task A_phone_with_a_trusted_issuers_token_connects_to_the_broker_and_is_disconnected_when_it_expires()
    {
        await using var app = await StartAsync(sockets: true);
        var token = Sign("https://hs.example", new SymmetricSecurityKey(Secret), SecurityAlgorithms.HmacSha256, app.Clock);
        await using var phone = await MqttClient.ConnectAsync(app.MqttOptions("JWT", token));

        app.Clock.Advance(TimeSpan.FromMinutes(5) + TimeSpan.FromSeconds(31));

        var disconnect = await phone.Closed.WaitAsync(TimeSpan.FromSeconds(5));
        Assert.Equal((byte?)0xA0, disconnect?.ReasonCode);
    }

    [Fact]
    public async Task Every_token_of_a_trusted_issuer_is_checked_against_its_key_not_only_the_first()
    {
        await using var app = await StartAsync();
        using var client = app.CreateClient();
        var first = Sign("https://hs.example", new SymmetricSecurityKey(Secret), SecurityAlgorithms.HmacSha256, app.Clock);
        var forged = Sign("https://hs.example", new SymmetricSecurityKey(RandomNumberGenerator.GetBytes(32)), SecurityAlgorithms.HmacSha256, app.Clock);
        var second = Sign("https://hs.example", new SymmetricSecurityKey(Secret), SecurityAlgorithms.HmacSha256, app.Clock, "user-43");

        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/auth/me", first)).Status);
        Assert.Equal(HttpStatusCode.Unauthorized, (await client.GetAsync("/auth/me", forged)).Status);
        var me = await client.GetAsync("/auth/me", second);
        Assert.Equal(HttpStatusCode.OK, me.Status);
        Assert.Equal("user-43", me.Get("subject"));
    }

    [Theory]
    [InlineData("HmacSecret=YWJjZGVmZ2hhYmNkZWZnaGFiY2RlZmdo", "Audience=phones", "HmacSecret (bench) is 24 bytes; HS256 needs at least 32")]
    [InlineData("HmacSecret=not base64!", "Audience=phones", "HmacSecret (bench) is not base64")]
    [InlineData("Audience=phones", "UserIdClaim=uid", "needs exactly one of HmacSecret, Jwks or JwksUrl (it has 0)")]
    [InlineData("JwksUrl=https://idp.example/jwks", "HmacSecret=YWJjZGVmZ2hhYmNkZWZnaGFiY2RlZmdoYWJjZGVmZ2g=", "needs exactly one of HmacSecret, Jwks or JwksUrl (it has 2)")]
    public void A_misconfigured_issuer_stops_the_start_with_the_setting_named(string first, string second, string expected)
    {
        const string prefix = "--Vigil:Tokens:ExternalIssuers:0:";

        var error = Assert.Throws<InvalidOperationException>(() => Program.CreateBuilder(
            ["--environment=Development", prefix + "Issuer=bench", prefix + first, prefix + second]));

        Assert.Contains("Vigil:Tokens:ExternalIssuers:0", error.Message, StringComparison.Ordinal);
        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
    }

    /// <summary>The server with two trusted issuers; <paramref name="sockets"/> for tests that connect to the broker.</summary>
    private static Task<VigilApp> StartAsync(bool sockets = false)
    {
        var jwk = JsonWebKeyConverter.ConvertFromECDsaSecurityKey(new ECDsaSecurityKey(ECDsa.Create(IdpKey.ExportParameters(false))) { KeyId = "idp-1" });
        var jwks = JsonSerializer.Serialize(new { keys = new[] { new { kty = "EC", crv = "P-256", x = jwk.X, y = jwk.Y, kid = "idp-1" } } });
        var settings = new Dictionary<string, string?>
        {
            ["Vigil:Tokens:ExternalIssuers:0:Issuer"] = "https://hs.example",
            ["Vigil:Tokens:ExternalIssuers:0:HmacSecret"] = Convert.ToBase64String(Secret),
            ["Vigil:Tokens:ExternalIssuers:0:UserIdClaim"] = "uid",
            ["Vigil:Tokens:ExternalIssuers:1:Issuer"] = "https://jwks.example",
            ["Vigil:Tokens:ExternalIssuers:1:Jwks"] = jwks,
            ["Vigil:Tokens:ExternalIssuers:1:UserIdClaim"] = "uid",
        };
        return sockets ? VigilApp.StartWithSocketsAsync(TestDatabases.Sqlite, settings) : VigilApp.StartAsync(TestDatabases.Sqlite, settings);
    }

    private static string Sign(string issuer, SecurityKey key, string algorithm, TimeProvider clock, string userId = "user-42") =>
        new JsonWebTokenHandler { SetDefaultTimesOnTokenCreation = false }.CreateToken(new SecurityTokenDescriptor
        {
            Issuer = issuer,
            IssuedAt = clock.GetUtcNow().UtcDateTime,
            Expires = clock.GetUtcNow().UtcDateTime.AddMinutes(5),
            Claims = new Dictionary<string, object> { ["uid"] = userId },
            SigningCredentials = new SigningCredentials(key, algorithm),
        });
}
