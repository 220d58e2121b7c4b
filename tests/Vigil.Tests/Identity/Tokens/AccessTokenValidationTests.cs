using System.Net;
using System.Security.Cryptography;
using System.Text;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;
using Vigil.Tests.Support;

namespace Vigil.Tests.Identity.Tokens;

public sealed class AccessTokenValidationTests(VigilApps apps) : IClassFixture<VigilApps>
{
    [Fact]
    public async Task A_standard_jwt_library_verifies_vigil_tokens_from_the_published_jwks()
    {
        var app = await apps.For(TestDatabases.Sqlite);
        using var client = app.CreateClient();
        var (access, _) = await app.SignInByPhoneAsync(client);
        var discovery = await client.GetAsync("/.well-known/openid-configuration", null);
        var jwks = new JsonWebKeySet(await client.GetStringAsync(new Uri(discovery.Get("jwks_uri")).PathAndQuery));

        var result = await new JsonWebTokenHandler().ValidateTokenAsync(access, new TokenValidationParameters
        {
            ValidIssuer = discovery.Get("issuer"),
            ValidAudience = "vigil",
            IssuerSigningKeys = jwks.GetSigningKeys(),
            ValidAlgorithms = ["ES256"],
            ValidateLifetime = false,
        });

        Assert.True(result.IsValid, result.Exception?.Message);
        Assert.All(jwks.Keys, key => Assert.False(key.HasPrivateKey));
    }

    [Fact]
    public async Task A_valid_token_authenticates_and_a_tampered_one_does_not()
    {
        var app = await apps.For(TestDatabases.Sqlite);
        using var client = app.CreateClient();
        var (access, _) = await app.SignInByPhoneAsync(client);
        var parts = access.Split('.');
        var payload = Base64UrlEncoder.Decode(parts[1]).Replace("\"app_user\"", "\"super_admin\"");
        var tampered = $"{parts[0]}.{Base64UrlEncoder.Encode(payload)}.{parts[2]}";

        var me = await client.GetAsync("/auth/me", access);
        Assert.Equal(HttpStatusCode.OK, me.Status);
        Assert.Equal(new JsonWebToken(access).Subject, me.Get("subject"));
        Assert.Equal(HttpStatusCode.Unauthorized, (await client.GetAsync("/auth/me", tampered)).Status);
        Assert.Equal(HttpStatusCode.Unauthorized, (await client.GetAsync("/auth/me", null)).Status);
    }

    [Fact]
    public async Task An_unsigned_alg_none_token_is_refused()
    {
        var app = await apps.For(TestDatabases.Sqlite);
        using var client = app.CreateClient();
        var (access, _) = await app.SignInByPhoneAsync(client);
        var header = Base64UrlEncoder.Encode("""{"alg":"none","typ":"at+jwt"}""");
        var unsigned = $"{header}.{access.Split('.')[1]}.";

        Assert.Equal(HttpStatusCode.Unauthorized, (await client.GetAsync("/auth/me", unsigned)).Status);
    }

    [Fact]
    public async Task A_token_signed_by_an_unknown_key_is_refused()
    {
        var app = await apps.For(TestDatabases.Sqlite);
        using var client = app.CreateClient();
        var (access, _) = await app.SignInByPhoneAsync(client);
        var original = new JsonWebToken(access);
        var stranger = new ECDsaSecurityKey(ECDsa.Create(ECCurve.NamedCurves.nistP256)) { KeyId = original.Kid };

        var forged = Resign(original, new SigningCredentials(stranger, SecurityAlgorithms.EcdsaSha256));

        Assert.Equal(HttpStatusCode.Unauthorized, (await client.GetAsync("/auth/me", forged)).Status);
    }

    [Fact]
    public async Task An_hs256_token_keyed_with_the_public_key_is_refused()
    {
        var app = await apps.For(TestDatabases.Sqlite);
        using var client = app.CreateClient();
        var (access, _) = await app.SignInByPhoneAsync(client);
        var original = new JsonWebToken(access);
        var jwks = new JsonWebKeySet(await client.GetStringAsync("/.well-known/jwks.json"));
        var publicKeyBytes = Encoding.UTF8.GetBytes(jwks.Keys[0].X + jwks.Keys[0].Y);
        var confused = new SymmetricSecurityKey(SHA256.HashData(publicKeyBytes)) { KeyId = original.Kid };

        var forged = Resign(original, new SigningCredentials(confused, SecurityAlgorithms.HmacSha256));

        Assert.Equal(HttpStatusCode.Unauthorized, (await client.GetAsync("/auth/me", forged)).Status);
    }

    [Fact]
    public async Task An_access_token_expires_after_an_hour_plus_skew()
    {
        await using var app = await VigilApp.StartAsync(TestDatabases.Sqlite);
        using var client = app.CreateClient();
        var (access, _) = await app.SignInByPhoneAsync(client);

        app.Clock.Advance(TimeSpan.FromMinutes(60));
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/auth/me", access)).Status);
        app.Clock.Advance(TimeSpan.FromSeconds(31));
        Assert.Equal(HttpStatusCode.Unauthorized, (await client.GetAsync("/auth/me", access)).Status);
    }

    private static string Resign(JsonWebToken original, SigningCredentials credentials) =>
        new JsonWebTokenHandler { SetDefaultTimesOnTokenCreation = false }.CreateToken(
            Base64UrlEncoder.Decode(original.EncodedPayload),
            credentials,
            new Dictionary<string, object> { ["typ"] = "at+jwt" });
}
