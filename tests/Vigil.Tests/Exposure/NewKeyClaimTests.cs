using System.Net;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Vigil.Exposure.Claims;
using Vigil.Infrastructure.Database;
using Vigil.Tests.Support;

namespace Vigil.Tests.Exposure;

public sealed partial class NewKeyClaimTests(VigilApps apps) : IClassFixture<VigilApps>
{
    public static TheoryData<string> Providers => TestDatabases.All;

    private static string HashId(char fill = 'a') => new string(fill, 64) + Guid.NewGuid().ToString("N") + Guid.NewGuid().ToString("N");

    [Theory, MemberData(nameof(Providers))]
    public async Task A_health_authority_gets_a_ten_character_code_in_the_two_alphabets(string provider)
    {
        var app = await apps.For(provider);
        using var http = app.CreateClient();
        var client = new ExposureClient(app, http);
        var key = await ExposureClient.CreateApiKeyAsync(app);

        var response = await http.SendAsync(new HttpRequestMessage(HttpMethod.Post, "/new-key-claim") { Headers = { { "Authorization", "Bearer " + key } } });
        var codes = await Task.WhenAll(Enumerable.Range(0, 30).Select(_ => client.NewCodeAsync(key)));

        Assert.Equal("text/plain; charset=utf-8", response.Content.Headers.ContentType?.ToString());
        Assert.EndsWith("\n", await response.Content.ReadAsStringAsync());
        Assert.All(codes, code => Assert.Matches(CodeFormat(), code));
        Assert.Equal(codes.Length, codes.Distinct().Count());
    }

    [Fact]
    public async Task Without_a_live_api_key_or_with_another_method_the_answer_is_401_unauthorized()
    {
        var app = await apps.For(TestDatabases.Sqlite);
        using var http = app.CreateClient();
        var client = new ExposureClient(app, http);
        var key = await ExposureClient.CreateApiKeyAsync(app);

        Assert.Equal((HttpStatusCode.Unauthorized, "unauthorized\n"), await client.NewKeyClaimAsync(null));
        Assert.Equal((HttpStatusCode.Unauthorized, "unauthorized\n"), await client.NewKeyClaimAsync("vgk_not-a-key"));
        Assert.Equal((HttpStatusCode.Unauthorized, "unauthorized\n"), await client.NewKeyClaimAsync(key, method: HttpMethod.Get));
        Assert.Equal((HttpStatusCode.Unauthorized, "unauthorized\n"), await client.NewKeyClaimAsync(key, method: HttpMethod.Put));
    }

    [Fact]
    public async Task Options_answers_with_cors_headers()
    {
        var app = await apps.For(TestDatabases.Sqlite);
        using var http = app.CreateClient();

        var response = await http.SendAsync(new HttpRequestMessage(HttpMethod.Options, "/new-key-claim"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("*", response.Headers.GetValues("Access-Control-Allow-Origin").Single());
        Assert.Equal("POST", response.Headers.GetValues("Access-Control-Allow-Methods").Single());
        Assert.Contains("Authorization", response.Headers.GetValues("Access-Control-Allow-Headers").Single());
    }

    [Theory]
    [InlineData(127)]
    [InlineData(129)]
    public async Task A_hash_id_that_is_not_128_lowercase_alphanumerics_is_404(int length)
    {
        var app = await apps.For(TestDatabases.Sqlite);
        using var http = app.CreateClient();
        var client = new ExposureClient(app, http);
        var key = await ExposureClient.CreateApiKeyAsync(app);

        Assert.Equal(HttpStatusCode.NotFound, (await client.NewKeyClaimAsync(key, new string('a', length))).Status);
        Assert.Equal(HttpStatusCode.NotFound, (await client.NewKeyClaimAsync(key, new string('A', 128))).Status);
    }

    [Theory, MemberData(nameof(Providers))]
    public async Task A_hash_id_replaces_its_unclaimed_code_and_is_forbidden_once_claimed(string provider)
    {
        var app = await apps.For(provider);
        using var http = app.CreateClient();
        var client = new ExposureClient(app, http);
        var key = await ExposureClient.CreateApiKeyAsync(app);
        var hashId = HashId();

        var first = await client.NewCodeAsync(key, hashId);
        var second = await client.NewCodeAsync(key, hashId);
        var (publicKey, _) = Vigil.Exposure.Sodium.NaclBox.CreateKeyPair();

        Assert.Equal(HttpStatusCode.Unauthorized, (await client.ClaimAsync(first, publicKey)).Status);
        Assert.Equal(HttpStatusCode.OK, (await client.ClaimAsync(second, publicKey)).Status);
        Assert.Equal((HttpStatusCode.Forbidden, "forbidden\n"), await client.NewKeyClaimAsync(key, hashId));
    }

    [Theory, MemberData(nameof(Providers))]
    public async Task Concurrent_requests_for_one_hash_id_leave_exactly_one_live_code(string provider)
    {
        var app = await apps.For(provider);
        using var http = app.CreateClient();
        var client = new ExposureClient(app, http);
        var key = await ExposureClient.CreateApiKeyAsync(app);
        var hashId = HashId('b');

        var replies = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => client.NewKeyClaimAsync(key, hashId)));

        Assert.All(replies, r => Assert.Equal(HttpStatusCode.OK, r.Status));
        await using var scope = app.Services.CreateAsyncScope();
        Assert.Equal(1, await scope.ServiceProvider.GetRequiredService<VigilDb>().Set<KeyClaim>().CountAsync(c => c.HashId == hashId));
        var claims = 0;
        foreach (var (_, body) in replies)
        {
            var (publicKey, _) = Vigil.Exposure.Sodium.NaclBox.CreateKeyPair();
            claims += (await client.ClaimAsync(body.TrimEnd('\n'), publicKey)).Status == HttpStatusCode.OK ? 1 : 0;
        }
        Assert.Equal(1, claims);
    }

    [GeneratedRegex("^([AEFHJKLQRSUWXYZ]{3}|[2456789]{3})([AEFHJKLQRSUWXYZ]{3}|[2456789]{3})([AEFHJKLQRSUWXYZ]{4}|[2456789]{4})$")]
    private static partial Regex CodeFormat();
}
