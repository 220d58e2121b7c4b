using System.Net;
using Vigil.Tests.Support;

namespace Vigil.Tests.Infrastructure;

public sealed class HealthAndDiscoveryTests(VigilApps apps) : IClassFixture<VigilApps>
{
    public static TheoryData<string> Providers => TestDatabases.All;

    [Theory, MemberData(nameof(Providers))]
    public async Task Liveness_and_readiness_report_healthy_when_the_database_answers(string provider)
    {
        var app = await apps.For(provider);
        using var client = app.CreateClient();

        Assert.Equal("Healthy", await client.GetStringAsync("/healthz"));
        Assert.Equal("Healthy", await client.GetStringAsync("/readyz"));
    }

    [Fact]
    public async Task Ping_answers_OK_and_a_newline_in_plain_text()
    {
        var app = await apps.For(TestDatabases.Sqlite);
        using var client = app.CreateClient();

        var response = await client.GetAsync("/services/ping");

        Assert.Equal("OK\n", await response.Content.ReadAsStringAsync());
        Assert.Equal("text/plain", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task The_openapi_document_describes_the_endpoints()
    {
        var app = await apps.For(TestDatabases.Sqlite);
        using var client = app.CreateClient();

        var document = await client.GetStringAsync("/openapi/v1.json");

        foreach (var path in new[]
        {
            "/init", "/verify", "/refresh", "/auth/login", "/staff/login", "/admin/apikeys", "/claim-key", "/upload",
            "/qr/events", "/users/me/profile", "/prefectures/{id}/message", "/admins/users", "/admins/prefectures/{id}",
        })
        {
            Assert.Contains($"\"{path}\"", document);
        }
    }

    [Fact]
    public async Task Discovery_names_the_issuer_and_the_jwks_address()
    {
        var app = await apps.For(TestDatabases.Sqlite);
        using var client = app.CreateClient();

        var discovery = await client.GetAsync("/.well-known/openid-configuration", null);

        Assert.Equal(HttpStatusCode.OK, discovery.Status);
        Assert.Equal("vigil", discovery.Get("issuer"));
        Assert.EndsWith("/.well-known/jwks.json", discovery.Get("jwks_uri"));
    }
}
