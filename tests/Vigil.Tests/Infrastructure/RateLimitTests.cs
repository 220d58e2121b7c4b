using System.Net;
using Vigil.Tests.Support;

namespace Vigil.Tests.Infrastructure;

public sealed class RateLimitTests
{
    private static async Task<HttpStatusCode> InitFromAsync(HttpClient client, string peer, string? forwardedFor = null, string? phone = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/init")
        {
            Content = new StringContent($$"""{"phone":"{{phone ?? PhoneFlow.NewPhone()}}"}"""),
        };
        request.Headers.Add(VigilApp.TestPeerHeader, peer);
        if (forwardedFor is not null)
        {
            request.Headers.Add("X-Forwarded-For", forwardedFor);
        }
        var reply = await HttpJson.SendAsync(client, request);
        if (reply.Status == HttpStatusCode.TooManyRequests)
        {
            reply.AssertError(HttpStatusCode.TooManyRequests);
            Assert.True(int.Parse(reply.Response.Headers.GetValues("Retry-After").Single()) >= 1);
        }
        return reply.Status;
    }

    [Fact]
    public async Task Init_beyond_the_per_ip_limit_is_429_with_retry_after_and_other_clients_are_unaffected()
    {
        await using var app = await VigilApp.StartAsync(TestDatabases.Sqlite, new Dictionary<string, string?>
        {
            ["Vigil:RateLimits:init:PermitLimit"] = "2",
        });
        using var client = app.CreateClient();

        Assert.Equal(HttpStatusCode.OK, await InitFromAsync(client, "203.0.113.7"));
        Assert.Equal(HttpStatusCode.OK, await InitFromAsync(client, "203.0.113.7"));
        Assert.Equal(HttpStatusCode.TooManyRequests, await InitFromAsync(client, "203.0.113.7"));
        Assert.Equal(HttpStatusCode.OK, await InitFromAsync(client, "203.0.113.8"));
    }

    [Theory]
    [InlineData("verify", "/verify", """{"token":"x","code":"123456"}""")]
    [InlineData("login", "/auth/login", """{"prefecture": 1}""")]
    [InlineData("login", "/staff/login", """{"email":"a@example.org","password":"wrong password"}""")]
    [InlineData("login", "/auth/admin/login", """{"email":"a@example.org","password":"wrong password"}""")]
    [InlineData("refresh", "/auth/refresh", """{"refresh":"x"}""")]
    public async Task Each_guarded_endpoint_answers_429_beyond_its_limit(string policy, string path, string body)
    {
        await using var app = await VigilApp.StartAsync(TestDatabases.Sqlite, new Dictionary<string, string?>
        {
            [$"Vigil:RateLimits:{policy}:PermitLimit"] = "2",
        });
        using var client = app.CreateClient();
        HttpJson.Reply last = null!;

        for (var i = 0; i < 3; i++)
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = new StringContent(body, System.Text.Encoding.UTF8, "application/json") };
            request.Headers.Add(VigilApp.TestPeerHeader, "198.51.100.77");
            last = await HttpJson.SendAsync(client, request);
            Assert.True(i == 2 || last.Status != HttpStatusCode.TooManyRequests);
        }

        last.AssertError(HttpStatusCode.TooManyRequests);
        Assert.NotNull(last.Response.Headers.RetryAfter);
    }

    [Fact]
    public async Task Ipv6_clients_are_limited_per_64_prefix()
    {
        await using var app = await VigilApp.StartAsync(TestDatabases.Sqlite, new Dictionary<string, string?>
        {
            ["Vigil:RateLimits:init:PermitLimit"] = "1",
        });
        using var client = app.CreateClient();

        Assert.Equal(HttpStatusCode.OK, await InitFromAsync(client, "2001:db8:1:2::1"));
        Assert.Equal(HttpStatusCode.TooManyRequests, await InitFromAsync(client, "2001:db8:1:2::ffff"));
        Assert.Equal(HttpStatusCode.OK, await InitFromAsync(client, "2001:db8:1:3::1"));
    }

    [Fact]
    public async Task Forwarded_for_is_honoured_only_from_a_trusted_proxy()
    {
        await using var app = await VigilApp.StartAsync(TestDatabases.Sqlite, new Dictionary<string, string?>
        {
            ["Vigil:RateLimits:init:PermitLimit"] = "1",
            ["Vigil:TrustedProxies:0"] = "10.0.0.0/8",
        });
        using var client = app.CreateClient();

        // Behind the trusted proxy, each forwarded client has its own budget.
        Assert.Equal(HttpStatusCode.OK, await InitFromAsync(client, "10.1.1.1", forwardedFor: "198.51.100.1"));
        Assert.Equal(HttpStatusCode.OK, await InitFromAsync(client, "10.1.1.1", forwardedFor: "198.51.100.2"));
        // An untrusted peer cannot escape its budget by claiming to forward for others.
        Assert.Equal(HttpStatusCode.OK, await InitFromAsync(client, "192.0.2.9", forwardedFor: "198.51.100.3"));
        Assert.Equal(HttpStatusCode.TooManyRequests, await InitFromAsync(client, "192.0.2.9", forwardedFor: "198.51.100.4"));
    }

    [Fact]
    public async Task Without_trusted_proxies_forwarded_for_is_ignored()
    {
        await using var app = await VigilApp.StartAsync(TestDatabases.Sqlite, new Dictionary<string, string?>
        {
            ["Vigil:RateLimits:init:PermitLimit"] = "1",
        });
        using var client = app.CreateClient();

        Assert.Equal(HttpStatusCode.OK, await InitFromAsync(client, "192.0.2.10", forwardedFor: "198.51.100.5"));
        Assert.Equal(HttpStatusCode.TooManyRequests, await InitFromAsync(client, "192.0.2.10", forwardedFor: "198.51.100.6"));
    }

    [Theory, MemberData(nameof(Providers))]
    public async Task One_phone_number_gets_at_most_five_codes_an_hour(string provider)
    {
        await using var app = await VigilApp.StartAsync(provider, new Dictionary<string, string?>
        {
            ["Vigil:Phone:CodesPerPhonePerHour"] = "5",
        });
        using var client = app.CreateClient();
        var phone = PhoneFlow.NewPhone();

        for (var i = 0; i < 5; i++)
        {
            Assert.Equal(HttpStatusCode.OK, await InitFromAsync(client, $"203.0.113.{i + 1}", phone: phone));
        }
        Assert.Equal(HttpStatusCode.TooManyRequests, await InitFromAsync(client, "203.0.113.99", phone: phone));
        Assert.Equal(5, app.SentCodes().Count);

        app.Clock.Advance(TimeSpan.FromHours(1));
        Assert.Equal(HttpStatusCode.OK, await InitFromAsync(client, "203.0.113.99", phone: phone));
    }

    public static TheoryData<string> Providers => TestDatabases.All;
}
