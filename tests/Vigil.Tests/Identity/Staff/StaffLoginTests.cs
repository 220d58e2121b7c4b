using System.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.IdentityModel.JsonWebTokens;
using Vigil.Identity.Staff;
using Vigil.Infrastructure.Database;
using Vigil.Tests.Support;

namespace Vigil.Tests.Identity.Staff;

public sealed class StaffLoginTests(VigilApps apps) : IClassFixture<VigilApps>
{
    public static TheoryData<string> Providers => TestDatabases.All;

    [Theory, MemberData(nameof(Providers))]
    public async Task Staff_sign_in_with_email_and_password_and_get_their_roles_in_the_token(string provider)
    {
        var app = await apps.For(provider);
        using var client = app.CreateClient();
        var email = await app.CreateStaffAsync("prefecture_admin", region: "13");

        var reply = await client.PostAsync("/staff/login", $$"""{"email":"{{email.ToUpperInvariant()}}","password":"{{StaffFlow.Password}}"}""");

        Assert.Equal(HttpStatusCode.OK, reply.Status);
        var token = new JsonWebToken(reply.Get("token"));
        Assert.Equal("prefecture_admin", token.GetClaim("role").Value);
        Assert.Equal("13", token.GetClaim("region").Value);
        Assert.Equal(HttpStatusCode.OK, (await client.PostAsync($"/refresh?code={reply.Get("refresh")}", "")).Status);
    }

    [Theory, MemberData(nameof(Providers))]
    public async Task Passwords_are_stored_as_pbkdf2_hashes(string provider)
    {
        var app = await apps.For(provider);
        var email = await app.CreateStaffAsync("clinician");

        await using var scope = app.Services.CreateAsyncScope();
        var account = await scope.ServiceProvider.GetRequiredService<VigilDb>().Set<StaffAccount>().SingleAsync(a => a.Email == email);

        Assert.DoesNotContain(StaffFlow.Password, account.PasswordHash);
        Assert.Equal(0x01, Convert.FromBase64String(account.PasswordHash)[0]); // PasswordHasher's PBKDF2 format marker
    }

    [Theory, MemberData(nameof(Providers))]
    public async Task Unknown_email_and_wrong_password_get_the_same_answer(string provider)
    {
        var app = await apps.For(provider);
        using var client = app.CreateClient();
        var email = await app.CreateStaffAsync("clinician");

        var wrongPassword = await client.PostAsync("/staff/login", $$"""{"email":"{{email}}","password":"wrong password!"}""");
        var unknownEmail = await client.PostAsync("/staff/login", """{"email":"nobody@example.org","password":"wrong password!"}""");

        wrongPassword.AssertError(HttpStatusCode.Unauthorized);
        unknownEmail.AssertError(HttpStatusCode.Unauthorized);
        Assert.Equal(wrongPassword.Get("message"), unknownEmail.Get("message"));
    }

    [Theory, MemberData(nameof(Providers))]
    public async Task Five_wrong_passwords_lock_the_account_for_fifteen_minutes(string provider)
    {
        await using var app = await VigilApp.StartAsync(provider);
        using var client = app.CreateClient();
        var email = await app.CreateStaffAsync("national_admin");
        var right = $$"""{"email":"{{email}}","password":"{{StaffFlow.Password}}"}""";

        await Task.WhenAll(Enumerable.Range(0, 5).Select(_ =>
            client.PostAsync("/auth/admin/login", $$"""{"email":"{{email}}","password":"not the password"}""")));

        (await client.PostAsync("/staff/login", right)).AssertError(HttpStatusCode.Unauthorized);
        app.Clock.Advance(TimeSpan.FromMinutes(15) + TimeSpan.FromSeconds(1));
        Assert.Equal(HttpStatusCode.OK, (await client.PostAsync("/staff/login", right)).Status);
    }

    [Fact]
    public async Task Weak_passwords_and_unknown_roles_are_refused_at_creation()
    {
        var app = await apps.For(TestDatabases.Sqlite);
        await using var scope = app.Services.CreateAsyncScope();
        var accounts = scope.ServiceProvider.GetRequiredService<StaffAccounts>();

        await Assert.ThrowsAsync<ArgumentException>(() => accounts.CreateAsync("a@example.org", "short", ["clinician"], null, default));
        await Assert.ThrowsAsync<ArgumentException>(() => accounts.CreateAsync("b@example.org", "long enough password", ["emperor"], null, default));
        await Assert.ThrowsAsync<ArgumentException>(() => accounts.CreateAsync("not-an-email", "long enough password", ["clinician"], null, default));
    }

    [Theory]
    [InlineData("""{"email":"a@example.org"}""")]
    [InlineData("""{"email":"a@example.org","password":"x","admin":true}""")]
    [InlineData("""{"email":1,"password":"x"}""")]
    [InlineData("not json")]
    public async Task Malformed_login_requests_are_400(string body)
    {
        var app = await apps.For(TestDatabases.Sqlite);
        using var client = app.CreateClient();

        (await client.PostAsync("/staff/login", body)).AssertError(HttpStatusCode.BadRequest);
    }

    [Theory, MemberData(nameof(Providers))]
    public async Task A_password_change_ends_the_accounts_refresh_tokens_and_the_new_password_signs_in(string provider)
    {
        var app = await apps.For(provider);
        using var client = app.CreateClient();
        var email = await app.CreateStaffAsync("clinician");
        var before = await LoginAsync(client, email, StaffFlow.Password);

        await WithAccountAsync(app, email, async (_, accounts, id) =>
            Assert.NotNull(await accounts.ChangePasswordAsync(id, StaffFlow.Password, NewPassword, default)));

        (await RefreshAsync(client, before)).AssertError(HttpStatusCode.Unauthorized);
        Assert.Equal(HttpStatusCode.OK, (await RefreshAsync(client, await LoginAsync(client, email, NewPassword))).Status);
    }

    [Theory, MemberData(nameof(Providers))]
    public async Task A_set_password_link_ends_the_accounts_refresh_tokens_too(string provider)
    {
        var app = await apps.For(provider);
        using var client = app.CreateClient();
        var email = await app.CreateStaffAsync("clinician");
        var before = await LoginAsync(client, email, StaffFlow.Password);
        var token = "";
        await WithAccountAsync(app, email, async (db, accounts, id) =>
        {
            token = accounts.AddSetPasswordToken(id);
            await db.SaveChangesAsync();
        });

        Assert.Equal(HttpStatusCode.OK, (await client.PostAsync("/staff/set-password", $$"""{"token":"{{token}}","password":"{{NewPassword}}"}""")).Status);

        (await RefreshAsync(client, before)).AssertError(HttpStatusCode.Unauthorized);
    }

    private const string NewPassword = "a brand new password";

    private static Task<HttpJson.Reply> LoginAsync(HttpClient client, string email, string password) =>
        client.PostAsync("/staff/login", $$"""{"email":"{{email}}","password":"{{password}}"}""");

    private static Task<HttpJson.Reply> RefreshAsync(HttpClient client, HttpJson.Reply login) =>
        client.PostAsync("/auth/refresh", $$"""{"refresh":"{{login.Get("refresh")}}"}""");

    private static async Task WithAccountAsync(VigilApp app, string email, Func<VigilDb, StaffAccounts, Guid, Task> act)
    {
        await using var scope = app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<VigilDb>();
        var id = await db.Set<StaffAccount>().Where(a => a.Email == email).Select(a => a.Id).SingleAsync();
        await act(db, scope.ServiceProvider.GetRequiredService<StaffAccounts>(), id);
    }
}
