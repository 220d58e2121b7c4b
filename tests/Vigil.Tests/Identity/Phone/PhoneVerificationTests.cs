using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.IdentityModel.JsonWebTokens;
using Vigil.Identity.Phone;
using Vigil.Infrastructure.Database;
using Vigil.Tests.Support;

namespace Vigil.Tests.Identity.Phone;

public sealed class PhoneVerificationTests(VigilApps apps) : IClassFixture<VigilApps>
{
    public static TheoryData<string> Providers => TestDatabases.All;

    [Theory, MemberData(nameof(Providers))]
    public async Task A_code_sent_by_sms_is_exchanged_for_tokens_carrying_the_salted_phone_hash(string provider)
    {
        var app = await apps.For(provider);
        using var client = app.CreateClient();
        var phone = PhoneFlow.NewPhone();

        var (access, refresh) = await app.SignInByPhoneAsync(client, phone);

        var salt = Convert.FromBase64String(File.ReadAllText(Path.Combine(app.DataDirectory, "secrets", "PhoneHashSalt.key")));
        var expectedHash = Convert.ToBase64String(SHA512.HashData([.. salt, .. Encoding.UTF8.GetBytes(phone)]));
        var token = new JsonWebToken(access);
        Assert.Equal(expectedHash, token.GetClaim("phone_hash").Value);
        Assert.Equal("app_user", token.GetClaim("role").Value);
        Assert.Equal("ES256", token.Alg);
        Assert.NotEqual(access, refresh);
    }

    [Theory, MemberData(nameof(Providers))]
    public async Task The_raw_phone_number_is_never_stored(string provider)
    {
        var app = await apps.For(provider);
        using var client = app.CreateClient();
        var phone = PhoneFlow.NewPhone();
        await app.SignInByPhoneAsync(client, phone);

        using var scope = app.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<VigilDb>();
        var everything = JsonSerializer.Serialize(new object[]
        {
            await db.Set<VerificationSession>().ToListAsync(),
            await db.Set<Vigil.Identity.Users.AppUser>().ToListAsync(),
        });
        Assert.DoesNotContain(phone[2..], everything);
        if (provider == TestDatabases.Sqlite)
        {
            foreach (var file in Directory.GetFiles(app.DataDirectory, "vigil.db*"))
            {
                using var stream = new FileStream(file, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
                using var copy = new MemoryStream();
                stream.CopyTo(copy);
                Assert.DoesNotContain(phone[2..], Encoding.ASCII.GetString(copy.ToArray()));
            }
        }
    }

    [Theory, MemberData(nameof(Providers))]
    public async Task A_wrong_code_is_a_400_and_five_wrong_codes_kill_the_session(string provider)
    {
        var app = await apps.For(provider);
        using var client = app.CreateClient();
        var phone = PhoneFlow.NewPhone();
        var session = await app.InitAsync(client, phone);
        var right = app.LastCodeFor(phone);
        var wrong = right == "000000" ? "111111" : "000000";

        for (var i = 0; i < 5; i++)
        {
            (await client.PostAsync("/verify", $$"""{"token":"{{session}}","code":"{{wrong}}"}""")).AssertError(HttpStatusCode.BadRequest);
        }

        (await client.PostAsync("/verify", $$"""{"token":"{{session}}","code":"{{right}}"}""")).AssertError(HttpStatusCode.NotFound);
    }

    [Theory, MemberData(nameof(Providers))]
    public async Task Parallel_guesses_cannot_exceed_the_attempt_limit(string provider)
    {
        var app = await apps.For(provider);
        using var client = app.CreateClient();
        var phone = PhoneFlow.NewPhone();
        var session = await app.InitAsync(client, phone);
        var right = app.LastCodeFor(phone);
        var guesses = Enumerable.Range(0, 20).Select(i => ((int.Parse(right) + 1 + i) % 1_000_000).ToString("D6"));

        var replies = await Task.WhenAll(guesses.Select(code => client.PostAsync("/verify", $$"""{"token":"{{session}}","code":"{{code}}"}""")));

        Assert.Equal(5, replies.Count(r => r.Status == HttpStatusCode.BadRequest));
        Assert.Equal(15, replies.Count(r => r.Status == HttpStatusCode.NotFound));
        (await client.PostAsync("/verify", $$"""{"token":"{{session}}","code":"{{right}}"}""")).AssertError(HttpStatusCode.NotFound);
    }

    [Theory, MemberData(nameof(Providers))]
    public async Task A_code_verifies_once_even_when_sent_in_parallel(string provider)
    {
        var app = await apps.For(provider);
        using var client = app.CreateClient();
        var phone = PhoneFlow.NewPhone();
        var session = await app.InitAsync(client, phone);
        var body = $$"""{"token":"{{session}}","code":"{{app.LastCodeFor(phone)}}"}""";

        var replies = await Task.WhenAll(Enumerable.Range(0, 5).Select(_ => client.PostAsync("/verify", body)));

        Assert.Single(replies, r => r.Status == HttpStatusCode.OK);
        Assert.All(replies.Where(r => r.Status != HttpStatusCode.OK), r => r.AssertError(HttpStatusCode.NotFound));
    }

    [Theory, MemberData(nameof(Providers))]
    public async Task A_code_expires_after_ten_minutes(string provider)
    {
        var app = await apps.For(provider);
        using var client = app.CreateClient();
        var phone = PhoneFlow.NewPhone();
        var session = await app.InitAsync(client, phone);

        app.Clock.Advance(TimeSpan.FromMinutes(10) + TimeSpan.FromSeconds(1));

        (await client.PostAsync("/verify", $$"""{"token":"{{session}}","code":"{{app.LastCodeFor(phone)}}"}""")).AssertError(HttpStatusCode.NotFound);
    }

    [Theory, MemberData(nameof(Providers))]
    public async Task The_same_phone_verified_twice_is_the_same_user(string provider)
    {
        var app = await apps.For(provider);
        using var client = app.CreateClient();
        var phone = PhoneFlow.NewPhone();

        var first = await app.SignInByPhoneAsync(client, phone);
        var second = await app.SignInByPhoneAsync(client, phone);

        Assert.Equal(new JsonWebToken(first.Access).Subject, new JsonWebToken(second.Access).Subject);
    }

    [Theory]
    [InlineData("""{"phone":"12"}""", HttpStatusCode.BadRequest)]
    [InlineData("""{"phone":"+1 555 055 0123 ext"}""", HttpStatusCode.BadRequest)]
    [InlineData("""{"phone":"+15555550123","extra":1}""", HttpStatusCode.BadRequest)]
    [InlineData("""{"phone":15555550123}""", HttpStatusCode.BadRequest)]
    [InlineData("""{"phone":null}""", HttpStatusCode.BadRequest)]
    [InlineData("""{}""", HttpStatusCode.BadRequest)]
    [InlineData("{\"phone\":\"+15555550123\"", HttpStatusCode.BadRequest)]
    [InlineData("", HttpStatusCode.BadRequest)]
    [InlineData("[]", HttpStatusCode.BadRequest)]
    public async Task Bad_init_requests_get_a_message_and_send_nothing(string body, HttpStatusCode status)
    {
        var app = await apps.For(TestDatabases.Sqlite);
        using var client = app.CreateClient();
        var sentBefore = app.SentCodes().Count;

        (await client.PostAsync("/init", body)).AssertError(status);

        Assert.Equal(sentBefore, app.SentCodes().Count);
    }

    [Fact]
    public async Task An_oversize_body_is_refused_with_413()
    {
        var app = await apps.For(TestDatabases.Sqlite);
        using var client = app.CreateClient();

        var reply = await client.PostAsync("/init", $$"""{"phone":"{{new string(' ', 20_000)}}"}""");

        reply.AssertError(HttpStatusCode.RequestEntityTooLarge);
    }

    [Theory]
    [InlineData("""{"token":"nope","code":"123456"}""", HttpStatusCode.NotFound)]
    [InlineData("""{"token":"nope","code":"12345"}""", HttpStatusCode.BadRequest)]
    [InlineData("""{"token":"nope","code":"abcdef"}""", HttpStatusCode.BadRequest)]
    [InlineData("""{"token":"nope"}""", HttpStatusCode.BadRequest)]
    [InlineData("""{"token":"nope","code":123456}""", HttpStatusCode.BadRequest)]
    public async Task Bad_verify_requests_get_a_message(string body, HttpStatusCode status)
    {
        var app = await apps.For(TestDatabases.Sqlite);
        using var client = app.CreateClient();

        (await client.PostAsync("/verify", body)).AssertError(status);
    }
}
