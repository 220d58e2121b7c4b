using System.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Vigil.Identity.ApiKeys;
using Vigil.Infrastructure.Database;
using Vigil.Tests.Support;

namespace Vigil.Tests.Identity.ApiKeys;

public sealed class ApiKeyTests(VigilApps apps) : IClassFixture<VigilApps>
{
    public static TheoryData<string> Providers => TestDatabases.All;

    [Theory, MemberData(nameof(Providers))]
    public async Task A_super_admin_creates_a_key_that_authenticates_as_its_regions_health_authority(string provider)
    {
        var app = await apps.For(provider);
        using var client = app.CreateClient();
        var admin = await app.StaffTokenAsync(client, "super_admin");

        var created = await client.PostAsync("/admin/apikeys", """{"region":"302","name":"Ontario portal"}""", admin);
        Assert.Equal(HttpStatusCode.Created, created.Status);
        var key = created.Get("key");

        var me = await client.GetAsync("/auth/me", key);
        Assert.Equal(HttpStatusCode.OK, me.Status);
        Assert.Equal("health_authority", me.Json.GetProperty("roles")[0].GetString());
        Assert.Equal("302", me.Json.GetProperty("claims").GetProperty("region").GetString());
    }

    [Theory, MemberData(nameof(Providers))]
    public async Task Only_a_hash_of_the_key_is_stored_and_listings_never_show_it(string provider)
    {
        var app = await apps.For(provider);
        using var client = app.CreateClient();
        var admin = await app.StaffTokenAsync(client, "super_admin");
        var key = (await client.PostAsync("/admin/apikeys", """{"region":"302","name":"hash check"}""", admin)).Get("key");

        await using var scope = app.Services.CreateAsyncScope();
        var rows = await scope.ServiceProvider.GetRequiredService<VigilDb>().Set<ApiKey>().ToListAsync();
        var listing = await client.GetAsync("/admin/apikeys", admin);

        Assert.DoesNotContain(rows, r => r.Hash.Contains(key) || r.Name.Contains(key) || key == r.Prefix);
        Assert.Contains(rows, r => key.StartsWith(r.Prefix, StringComparison.Ordinal));
        Assert.DoesNotContain(key, listing.Json.GetRawText());
    }

    [Theory, MemberData(nameof(Providers))]
    public async Task A_revoked_key_no_longer_authenticates(string provider)
    {
        var app = await apps.For(provider);
        using var client = app.CreateClient();
        var admin = await app.StaffTokenAsync(client, "super_admin");
        var created = await client.PostAsync("/admin/apikeys", """{"region":"302","name":"to revoke"}""", admin);

        using var delete = new HttpRequestMessage(HttpMethod.Delete, $"/admin/apikeys/{created.Get("id")}");
        delete.Headers.Authorization = new("Bearer", admin);
        Assert.Equal(HttpStatusCode.NoContent, (await client.SendAsync(delete)).StatusCode);

        Assert.Equal(HttpStatusCode.Unauthorized, (await client.GetAsync("/auth/me", created.Get("key"))).Status);
    }

    [Fact]
    public async Task A_key_revoked_elsewhere_stops_working_within_the_cache_lifetime()
    {
        var app = await apps.For(TestDatabases.Sqlite);
        using var client = app.CreateClient();
        var admin = await app.StaffTokenAsync(client, "super_admin");
        var created = await client.PostAsync("/admin/apikeys", """{"region":"302","name":"revoked by the CLI"}""", admin);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/auth/me", created.Get("key"))).Status);

        // As another node or the CLI would: straight in the database, bypassing this node's cache.
        await using (var scope = app.Services.CreateAsyncScope())
        {
            var id = Guid.Parse(created.Get("id"));
            await scope.ServiceProvider.GetRequiredService<VigilDb>().Set<ApiKey>().Where(k => k.Id == id)
                .ExecuteUpdateAsync(s => s.SetProperty(k => k.RevokedAt, DateTimeOffset.UtcNow));
        }
        app.Clock.Advance(ApiKeyCache.Lifetime);

        Assert.Equal(HttpStatusCode.Unauthorized, (await client.GetAsync("/auth/me", created.Get("key"))).Status);
    }

    [Fact]
    public async Task Only_super_admins_manage_keys()
    {
        var app = await apps.For(TestDatabases.Sqlite);
        using var client = app.CreateClient();
        var clinician = await app.StaffTokenAsync(client, "clinician");

        Assert.Equal(HttpStatusCode.Forbidden, (await client.PostAsync("/admin/apikeys", """{"region":"302","name":"x"}""", clinician)).Status);
        Assert.Equal(HttpStatusCode.Unauthorized, (await client.PostAsync("/admin/apikeys", """{"region":"302","name":"x"}""")).Status);
        Assert.Equal(HttpStatusCode.Unauthorized, (await client.GetAsync("/admin/apikeys", "vgk_made-up-key")).Status);
    }

    [Theory]
    [InlineData("""{"region":"","name":"x"}""")]
    [InlineData("""{"region":"30 2","name":"x"}""")]
    [InlineData("""{"region":"302","name":""}""")]
    [InlineData("""{"region":"302","name":"x","owner":"me"}""")]
    [InlineData("""{"region":302,"name":"x"}""")]
    [InlineData("""{"region":null,"name":"x"}""")]
    [InlineData("{\"region\":\"302\"")]
    public async Task Invalid_key_requests_are_400_and_create_nothing(string body)
    {
        var app = await apps.For(TestDatabases.Sqlite);
        using var client = app.CreateClient();
        var admin = await app.StaffTokenAsync(client, "super_admin");
        var before = (await client.GetAsync("/admin/apikeys", admin)).Json.GetArrayLength();

        Assert.Equal(HttpStatusCode.BadRequest, (await client.PostAsync("/admin/apikeys", body, admin)).Status);

        Assert.Equal(before, (await client.GetAsync("/admin/apikeys", admin)).Json.GetArrayLength());
    }
}
