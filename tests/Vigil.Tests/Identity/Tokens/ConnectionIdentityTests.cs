using System.Security.Claims;
using Microsoft.Extensions.DependencyInjection;
using Vigil.Identity.Tokens;
using Vigil.Tests.Support;

namespace Vigil.Tests.Identity.Tokens;

/// <summary>A token seen once (an MQTT CONNECT) yields only the claims a connection uses, with the same values as the full identity.</summary>
public sealed class ConnectionIdentityTests(VigilApps apps) : IClassFixture<VigilApps>
{
    [Theory]
    [InlineData("app_user")]
    [InlineData("app_user", "tester")]
    public async Task A_token_validated_once_keeps_who_whose_until_when_the_stamp_and_every_role(params string[] roles)
    {
        var app = await apps.For(TestDatabases.Sqlite);
        var issuer = app.Services.GetRequiredService<TokenIssuer>();
        var validator = app.Services.GetRequiredService<TokenValidator>();
        var claims = new Dictionary<string, object> { [TokenSubjects.StampClaim] = "stamp-1", ["email"] = "someone@example.org" };
        var token = issuer.CreateAccessToken(new TokenSubject(TokenSubject.AppUserKind, Guid.NewGuid(), roles, claims));

        var once = await validator.ValidateAccessTokenAsync(token, remember: false);
        var full = await validator.ValidateAccessTokenAsync(token);

        Assert.NotNull(once);
        Assert.NotNull(full);
        Assert.Equal(roles, once.FindAll("role").Select(c => c.Value));
        foreach (var name in TokenValidator.ConnectionClaims)
        {
            Assert.Equal(Values(full, name), Values(once, name));
        }
        Assert.Null(once.FindFirst("email"));
        Assert.NotNull(full.FindFirst("email"));
        Assert.Equal(TokenValidator.ExpiresAt(full), TokenValidator.ExpiresAt(once));
    }

    private static string[] Values(ClaimsIdentity identity, string type) => [.. identity.FindAll(type).Select(c => c.Value)];
}
