using System.Net;
using Vigil.Tests.Support;

namespace Vigil.Tests.Identity.Tokens;

/// <summary>An app endpoint called without a valid access token answers 401 in the apps' error form, <c>{"message": …}</c>.</summary>
public sealed class UnauthorizedAnswerTests(VigilApps apps) : IClassFixture<VigilApps>
{
    [Theory]
    [InlineData("/positives.json.gz", null, "an access token is required")]
    [InlineData("/positives.json.gz", "not-a-token", "not valid")]
    [InlineData("/users/me/profile", null, "an access token is required")]
    public async Task A_missing_or_bad_token_is_a_401_with_a_message(string path, string? token, string message)
    {
        var app = await apps.For(TestDatabases.Sqlite);
        using var http = app.CreateClient();

        var reply = await http.GetAsync(path, token);

        reply.AssertError(HttpStatusCode.Unauthorized);
        Assert.Contains(message, reply.Get("message"));
        Assert.Equal("Bearer", reply.Response.Headers.WwwAuthenticate.ToString());
    }

    [Fact]
    public async Task A_staff_token_on_an_app_endpoint_is_a_403_with_a_message()
    {
        var app = await apps.For(TestDatabases.Sqlite);
        using var http = app.CreateClient();

        var reply = await http.GetAsync("/positives.json.gz", await app.StaffTokenAsync(http, "clinic_admin"));

        reply.AssertError(HttpStatusCode.Forbidden);
    }
}
