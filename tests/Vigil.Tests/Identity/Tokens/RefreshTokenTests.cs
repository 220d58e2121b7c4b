using System.Net;
using Microsoft.IdentityModel.JsonWebTokens;
using Vigil.Tests.Support;

namespace Vigil.Tests.Identity.Tokens;

public sealed class RefreshTokenTests(VigilApps apps) : IClassFixture<VigilApps>
{
    public static TheoryData<string> Providers => TestDatabases.All;

    [Theory, MemberData(nameof(Providers))]
    public async Task Refreshing_returns_a_new_pair_for_the_same_user(string provider)
    {
        var app = await apps.For(provider);
        using var client = app.CreateClient();
        var (access, refresh) = await app.SignInByPhoneAsync(client);

        var reply = await client.PostAsync($"/refresh?code={refresh}", "");

        Assert.Equal(HttpStatusCode.OK, reply.Status);
        Assert.NotEqual(refresh, reply.Get("refresh"));
        Assert.Equal(new JsonWebToken(access).Subject, new JsonWebToken(reply.Get("token")).Subject);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/auth/me", reply.Get("token"))).Status);
    }

    [Theory, MemberData(nameof(Providers))]
    public async Task A_replayed_refresh_token_is_refused_and_revokes_its_whole_family(string provider)
    {
        var app = await apps.For(provider);
        using var client = app.CreateClient();
        var (_, first) = await app.SignInByPhoneAsync(client);
        var second = (await client.PostAsync($"/refresh?code={first}", "")).Get("refresh");

        (await client.PostAsync($"/refresh?code={first}", "")).AssertError(HttpStatusCode.Unauthorized);

        (await client.PostAsync($"/refresh?code={second}", "")).AssertError(HttpStatusCode.Unauthorized);
    }

    [Theory, MemberData(nameof(Providers))]
    public async Task Parallel_use_of_one_refresh_token_yields_at_most_one_new_pair(string provider)
    {
        var app = await apps.For(provider);
        using var client = app.CreateClient();
        var (_, refresh) = await app.SignInByPhoneAsync(client);

        var replies = await Task.WhenAll(Enumerable.Range(0, 6).Select(_ => client.PostAsync($"/refresh?code={refresh}", "")));

        Assert.True(replies.Count(r => r.Status == HttpStatusCode.OK) <= 1);
        Assert.Contains(replies, r => r.Status == HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task An_access_token_is_not_a_refresh_token_and_a_refresh_token_is_not_an_access_token()
    {
        var app = await apps.For(TestDatabases.Sqlite);
        using var client = app.CreateClient();
        var (access, refresh) = await app.SignInByPhoneAsync(client);

        (await client.PostAsync($"/refresh?code={access}", "")).AssertError(HttpStatusCode.Unauthorized);
        Assert.Equal(HttpStatusCode.Unauthorized, (await client.GetAsync("/auth/me", refresh)).Status);
    }

    [Fact]
    public async Task The_json_refresh_endpoint_rotates_too()
    {
        var app = await apps.For(TestDatabases.Sqlite);
        using var client = app.CreateClient();
        var (_, refresh) = await app.SignInByPhoneAsync(client);

        var reply = await client.PostAsync("/auth/refresh", $$"""{"refresh":"{{refresh}}"}""");

        Assert.Equal(HttpStatusCode.OK, reply.Status);
        (await client.PostAsync("/auth/refresh", $$"""{"refresh":"{{refresh}}"}""")).AssertError(HttpStatusCode.Unauthorized);
        (await client.PostAsync("/auth/refresh", """{"refresh":"x","more":1}""")).AssertError(HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task A_refresh_token_expires_after_its_lifetime()
    {
        await using var app = await VigilApp.StartAsync(TestDatabases.Sqlite);
        using var client = app.CreateClient();
        var (_, refresh) = await app.SignInByPhoneAsync(client);

        app.Clock.Advance(TimeSpan.FromDays(21) + TimeSpan.FromMinutes(1));

        (await client.PostAsync($"/refresh?code={refresh}", "")).AssertError(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task Refresh_without_a_code_is_401()
    {
        var app = await apps.For(TestDatabases.Sqlite);
        using var client = app.CreateClient();

        (await client.PostAsync("/refresh", "")).AssertError(HttpStatusCode.Unauthorized);
        (await client.PostAsync("/refresh?code=garbage", "")).AssertError(HttpStatusCode.Unauthorized);
    }
}
