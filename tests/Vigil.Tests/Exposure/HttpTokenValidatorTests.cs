using System.Collections.Concurrent;
using System.Net;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Vigil.Exposure.Mamori;
using Vigil.Tests.Support;

namespace Vigil.Tests.Exposure;

/// <summary>Reports validated by an external service over HTTP (a fake one on loopback).</summary>
public sealed class HttpTokenValidatorTests : IAsyncLifetime
{
    private readonly ConcurrentQueue<string> _asked = new();
    private FakeHttpServer _validator = null!;

    public async Task InitializeAsync() => _validator = await FakeHttpServer.StartAsync(routes =>
        routes.MapPost("/validate", async (HttpRequest request) =>
        {
            using var json = await JsonDocument.ParseAsync(request.Body);
            var token = json.RootElement.GetProperty("token").GetString()!;
            _asked.Enqueue(token);
            return token switch
            {
                "GOOD" => Results.Json(new { valid = true }),
                "DOWN" => Results.StatusCode(503),
                _ => Results.Json(new { valid = false }),
            };
        }));

    public async Task DisposeAsync() => await _validator.DisposeAsync();

    [Fact]
    public async Task Valid_tokens_publish_invalid_ones_reject_and_an_unavailable_validator_defers()
    {
        await using var app = await VigilApp.StartAsync(TestDatabases.Sqlite, new Dictionary<string, string?>
        {
            ["Vigil:Exposure:Mamori:Validator"] = "http",
            ["Vigil:Exposure:Mamori:ValidatorUrl"] = _validator.Url + "/validate",
        });
        using var http = app.CreateClient();
        var user = (await http.PostAsync("/auth/login", """{"prefecture": 1}""")).Get("token");
        foreach (var token in new[] { "GOOD", "BAD", "DOWN" })
        {
            var body = $$"""{"randomID":"{{token}}","tempIDs":[{"tempID":"t-{{token}}","validFrom":{{app.Clock.GetUtcNow().ToUnixTimeSeconds()}},"validTo":{{app.Clock.GetUtcNow().ToUnixTimeSeconds()}}}],"healthCenterToken":"{{token}}"}""";
            Assert.Equal(HttpStatusCode.OK, (await http.PostAsync("/users/me/health_center_tokens", body, user)).Status);
        }

        await using var scope = app.Services.CreateAsyncScope();
        var outcome = await scope.ServiceProvider.GetRequiredService<PendingReportValidation>().RunAsync(default);

        Assert.Equal(new PendingReportValidation.Outcome(1, 1, 1), outcome);
        Assert.Equal(["GOOD", "BAD", "DOWN"], _asked.ToArray());
        var feed = await app.Services.GetRequiredService<PositivesFeed>().RebuildAsync(default);
        Assert.Equal(1, feed.Count);
    }
}
