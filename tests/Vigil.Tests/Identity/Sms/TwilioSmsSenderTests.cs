using System.Collections.Concurrent;
using System.Net;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Vigil.Tests.Support;

namespace Vigil.Tests.Identity.Sms;

/// <summary>/init through the Twilio-compatible sender, against a fake provider on loopback.</summary>
public sealed class TwilioSmsSenderTests : IAsyncLifetime
{
    private const string Sid = "AC0123456789abcdef";
    private const string AuthToken = "test-auth-token";
    private readonly ConcurrentQueue<(string Path, string? Authorization, Dictionary<string, string> Form)> _received = new();
    private FakeHttpServer _fake = null!;
    private int _answer = StatusCodes.Status201Created;

    public async Task InitializeAsync() => _fake = await FakeHttpServer.StartAsync(routes =>
        routes.MapPost("/2010-04-01/Accounts/{sid}/Messages.json", async (HttpRequest request) =>
        {
            var form = await request.ReadFormAsync();
            _received.Enqueue((request.Path, request.Headers.Authorization, form.ToDictionary(f => f.Key, f => f.Value.ToString())));
            return Results.Json(new { sid = "SM1", status = "queued" }, statusCode: _answer);
        }));

    public async Task DisposeAsync() => await _fake.DisposeAsync();

    private string FakeUrl => _fake.Url;

    private Task<VigilApp> StartVigilAsync(string? baseUrl = null) => VigilApp.StartAsync(TestDatabases.Sqlite, new Dictionary<string, string?>
    {
        ["Vigil:Sms:Sender"] = "twilio",
        ["Vigil:Sms:Twilio:BaseUrl"] = baseUrl ?? FakeUrl,
        ["Vigil:Sms:Twilio:AccountSid"] = Sid,
        ["Vigil:Sms:Twilio:AuthToken"] = AuthToken,
        ["Vigil:Sms:Twilio:From"] = "+15005550006",
    });

    [Fact]
    public async Task The_code_is_posted_as_a_form_with_basic_auth_to_the_messages_resource()
    {
        await using var app = await StartVigilAsync();
        using var client = app.CreateClient();

        var reply = await client.PostAsync("/init", """{"phone":"(555) 555-0199"}""");

        Assert.Equal(HttpStatusCode.OK, reply.Status);
        var (path, authorization, form) = Assert.Single(_received);
        Assert.Equal($"/2010-04-01/Accounts/{Sid}/Messages.json", path);
        Assert.Equal("Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes($"{Sid}:{AuthToken}")), authorization);
        Assert.Equal("+15555550199", form["To"]);
        Assert.Equal("+15005550006", form["From"]);
        Assert.Matches(@"\b\d{6}$", form["Body"]);
        Assert.False(File.Exists(Path.Combine(app.DataDirectory, "sms-outbox.jsonl")));
    }

    [Theory]
    [InlineData(StatusCodes.Status400BadRequest, HttpStatusCode.BadGateway)]
    [InlineData(StatusCodes.Status500InternalServerError, HttpStatusCode.ServiceUnavailable)]
    public async Task A_provider_failure_is_a_5xx_and_leaves_no_session(int providerStatus, HttpStatusCode expected)
    {
        _answer = providerStatus;
        await using var app = await StartVigilAsync();
        using var client = app.CreateClient();

        var reply = await client.PostAsync("/init", """{"phone":"+15555550198"}""");

        reply.AssertError(expected);
        await AssertNoSessionsAsync(app);
    }

    [Fact]
    public async Task An_unreachable_provider_is_503()
    {
        await using var app = await StartVigilAsync("http://127.0.0.1:1");
        using var client = app.CreateClient();

        (await client.PostAsync("/init", """{"phone":"+15555550197"}""")).AssertError(HttpStatusCode.ServiceUnavailable);
        await AssertNoSessionsAsync(app);
    }

    private static async Task AssertNoSessionsAsync(VigilApp app)
    {
        await using var scope = app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<Vigil.Infrastructure.Database.VigilDb>();
        Assert.Equal(0, await Microsoft.EntityFrameworkCore.EntityFrameworkQueryableExtensions.CountAsync(db.Set<Vigil.Identity.Phone.VerificationSession>()));
    }
}
