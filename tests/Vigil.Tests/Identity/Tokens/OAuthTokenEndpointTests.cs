using System.Net;
using System.Text.Json;
using Vigil.Tests.Support;

namespace Vigil.Tests.Identity.Tokens;

/// <summary>The discovery document's <c>token_endpoint</c> exists and behaves as RFC 6749 says for the refresh_token grant.</summary>
public sealed class OAuthTokenEndpointTests(VigilApps apps) : IClassFixture<VigilApps>
{
    public static TheoryData<string> Providers => TestDatabases.All;

    [Theory, MemberData(nameof(Providers))]
    public async Task The_discovered_token_endpoint_rotates_a_refresh_token_and_refuses_its_reuse(string provider)
    {
        var app = await apps.For(provider);
        using var http = app.CreateClient();
        var login = await http.PostAsync("/auth/login", """{"prefecture": 13}""");
        var endpoint = new Uri((await http.GetAsync("/.well-known/openid-configuration", null)).Get("token_endpoint")).PathAndQuery;

        var first = await GrantAsync(http, endpoint, login.Get("refresh"));
        var reused = await GrantAsync(http, endpoint, login.Get("refresh"));

        Assert.Equal(HttpStatusCode.OK, first.Status);
        Assert.Equal("no-store", first.CacheControl);
        Assert.Equal("Bearer", first.Json.GetProperty("token_type").GetString());
        Assert.Equal(3600, first.Json.GetProperty("expires_in").GetInt64());
        Assert.Equal(HttpStatusCode.OK, (await http.GetAsync("/auth/me", first.Json.GetProperty("access_token").GetString())).Status);
        Assert.Equal((HttpStatusCode.BadRequest, "invalid_grant"), (reused.Status, reused.Json.GetProperty("error").GetString()));
        // Reuse revoked the family: the token the first grant returned is dead too.
        Assert.Equal(HttpStatusCode.BadRequest, (await GrantAsync(http, endpoint, first.Json.GetProperty("refresh_token").GetString()!)).Status);
    }

    [Theory]
    [InlineData("grant_type=password&username=a&password=b", "unsupported_grant_type")]
    [InlineData("grant_type=refresh_token", "invalid_request")]
    public async Task Other_grants_and_missing_tokens_are_refused_in_the_rfcs_form(string form, string error)
    {
        var app = await apps.For(TestDatabases.Sqlite);
        using var http = app.CreateClient();

        var reply = await http.PostAsync("/oauth/token", new StringContent(form, System.Text.Encoding.ASCII, "application/x-www-form-urlencoded"));
        using var json = JsonDocument.Parse(await reply.Content.ReadAsStringAsync());

        Assert.Equal(HttpStatusCode.BadRequest, reply.StatusCode);
        Assert.Equal(error, json.RootElement.GetProperty("error").GetString());
    }

    private static async Task<(HttpStatusCode Status, JsonElement Json, string? CacheControl)> GrantAsync(HttpClient http, string endpoint, string refresh)
    {
        var reply = await http.PostAsync(endpoint, new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["grant_type"] = "refresh_token",
            ["refresh_token"] = refresh,
        }));
        using var json = JsonDocument.Parse(await reply.Content.ReadAsStringAsync());
        return (reply.StatusCode, json.RootElement.Clone(), reply.Headers.CacheControl?.ToString());
    }
}
