using System.Net;
using Vigil.Tests.Support;

namespace Vigil.Tests.Infrastructure;

public sealed class LogHygieneTests
{
    [Fact]
    public async Task Debug_logs_of_a_full_sign_in_contain_no_phone_number_code_token_password_or_key()
    {
        await using var app = await VigilApp.StartAsync(TestDatabases.Sqlite, new Dictionary<string, string?>
        {
            ["Logging:LogLevel:Default"] = "Debug",
            // As shipped in appsettings.json: request lines carry /refresh?code=<token>.
            ["Logging:LogLevel:Microsoft.AspNetCore.Hosting.Diagnostics"] = "Warning",
        });
        using var client = app.CreateClient();
        var phone = PhoneFlow.NewPhone();
        var session = await app.InitAsync(client, phone);
        var code = app.LastCodeFor(phone);
        await client.PostAsync("/verify", $$"""{"token":"{{session}}","code":"{{(code == "000000" ? "111111" : "000000")}}"}""");
        var verified = await client.PostAsync("/verify", $$"""{"token":"{{session}}","code":"{{code}}"}""");
        var refreshed = await client.PostAsync($"/refresh?code={verified.Get("refresh")}", "");
        await client.PostAsync($"/refresh?code={verified.Get("refresh")}", "");
        var admin = await app.StaffTokenAsync(client, "super_admin");
        var key = (await client.PostAsync("/admin/apikeys", """{"region":"302","name":"log check"}""", admin)).Get("key");
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/auth/me", key)).Status);
        await client.PostAsync("/staff/login", """{"email":"nobody@example.org","password":"secret password 123"}""");

        var logs = string.Join("\n", app.Logs.Lines);

        Assert.NotEmpty(app.Logs.Lines);
        foreach (var secret in new[] { phone[2..], code, session, verified.Get("token"), verified.Get("refresh"), refreshed.Get("refresh"), admin, key, StaffFlow.Password, "secret password 123" })
        {
            Assert.DoesNotContain(secret, logs);
        }
    }
}
