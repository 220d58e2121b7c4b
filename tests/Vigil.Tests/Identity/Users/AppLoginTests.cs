using System.Net;
using Microsoft.IdentityModel.JsonWebTokens;
using Vigil.Tests.Support;

namespace Vigil.Tests.Identity.Users;

public sealed class AppLoginTests(VigilApps apps) : IClassFixture<VigilApps>
{
    public static TheoryData<string> Providers => TestDatabases.All;

    [Theory, MemberData(nameof(Providers))]
    public async Task An_anonymous_login_creates_a_user_in_the_prefecture(string provider)
    {
        var app = await apps.For(provider);
        using var client = app.CreateClient();

        var reply = await client.PostAsync("/auth/login", """{"prefecture": 13}""");

        Assert.Equal(HttpStatusCode.OK, reply.Status);
        var token = new JsonWebToken(reply.Get("token"));
        Assert.Equal("13", token.GetClaim("prefecture").Value);
        Assert.Equal("app_user", token.GetClaim("role").Value);
    }

    [Theory, MemberData(nameof(Providers))]
    public async Task Logging_in_with_a_valid_token_returns_a_fresh_pair_for_the_same_user_and_changes_nothing(string provider)
    {
        var app = await apps.For(provider);
        using var client = app.CreateClient();
        var first = await client.PostAsync("/auth/login", """{"prefecture": 1}""");

        var again = await client.PostAsync("/auth/login", """{"prefecture": 40}""", first.Get("token"));

        Assert.Equal(HttpStatusCode.OK, again.Status);
        var token = new JsonWebToken(again.Get("token"));
        Assert.Equal(new JsonWebToken(first.Get("token")).Subject, token.Subject);
        Assert.Equal("1", token.GetClaim("prefecture").Value);
    }

    [Theory]
    [InlineData("""{"prefecture": 48}""")]
    [InlineData("""{"prefecture": -1}""")]
    [InlineData("""{"prefecture": "13"}""")]
    [InlineData("""{"prefecture": 13, "admin": true}""")]
    [InlineData("""{}""")]
    public async Task Bad_logins_are_400(string body)
    {
        var app = await apps.For(TestDatabases.Sqlite);
        using var client = app.CreateClient();

        (await client.PostAsync("/auth/login", body)).AssertError(HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task An_invalid_token_is_refused_rather_than_ignored()
    {
        var app = await apps.For(TestDatabases.Sqlite);
        using var client = app.CreateClient();

        (await client.PostAsync("/auth/login", """{"prefecture": 13}""", "not.a.token")).AssertError(HttpStatusCode.Unauthorized);
    }
}
