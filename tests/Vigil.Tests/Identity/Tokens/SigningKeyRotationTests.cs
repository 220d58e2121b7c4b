using System.Net;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.IdentityModel.JsonWebTokens;
using Vigil.Identity.Tokens;
using Vigil.Tests.Support;

namespace Vigil.Tests.Identity.Tokens;

public sealed class SigningKeyRotationTests
{
    [Fact]
    public async Task After_rotation_new_tokens_use_the_new_key_and_old_tokens_stay_valid_until_the_old_key_is_dropped()
    {
        await using var app = await VigilApp.StartAsync(TestDatabases.Sqlite);
        using var client = app.CreateClient();
        var (before, beforeRefresh) = await app.SignInByPhoneAsync(client);
        app.Clock.Advance(TimeSpan.FromSeconds(1));

        var rotated = app.Services.GetRequiredService<SigningKeyStore>().Rotate();
        var (after, _) = await app.SignInByPhoneAsync(client);

        Assert.Equal(rotated.Kid, new JsonWebToken(after).Kid);
        Assert.NotEqual(rotated.Kid, new JsonWebToken(before).Kid);
        Assert.Equal(2, await PublishedKeyCountAsync(client));
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/auth/me", before)).Status);
        Assert.Equal(HttpStatusCode.OK, (await client.PostAsync($"/refresh?code={beforeRefresh}", "")).Status);

        app.Clock.Advance(TimeSpan.FromDays(22));
        app.Services.GetRequiredService<SigningKeyStore>().Rotate();

        Assert.Equal(2, await PublishedKeyCountAsync(client));
        Assert.DoesNotContain(new JsonWebToken(before).Kid, await client.GetStringAsync("/.well-known/jwks.json"));
    }

    private static async Task<int> PublishedKeyCountAsync(HttpClient client)
    {
        using var json = JsonDocument.Parse(await client.GetStringAsync("/.well-known/jwks.json"));
        return json.RootElement.GetProperty("keys").GetArrayLength();
    }
}
