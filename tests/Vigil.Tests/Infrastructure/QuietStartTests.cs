using System.Net;
using Vigil.Identity.Auth;
using Vigil.Tests.Support;

namespace Vigil.Tests.Infrastructure;

/// <summary>A start and a first portal visit write no warning: every line an operator sees is one they need.</summary>
public sealed class QuietStartTests
{
    [Fact]
    public async Task Starting_on_real_sockets_and_using_the_portal_logs_no_warning_or_error()
    {
        using var app = await VigilApp.StartWithSocketsAsync(TestDatabases.Sqlite);
        var portal = new PortalClient(app);
        var email = await app.CreateStaffAsync(Roles.SuperAdmin);

        Assert.Equal(HttpStatusCode.OK, (await portal.GetAsync("/portal/sign-in")).StatusCode);
        await portal.SignInAsync(email);
        foreach (var page in new[] { "/portal", "/portal/exposure", "/portal/outbreaks", "/portal/regions", "/portal/keys" })
        {
            var reply = await portal.GetAsync(page);
            Assert.Equal(HttpStatusCode.OK, reply.StatusCode);
            Assert.Contains("class=\"sign-out\"", await reply.Content.ReadAsStringAsync());
        }
        using (var http = new HttpClient { BaseAddress = app.HttpAddress })
        {
            Assert.Equal(HttpStatusCode.OK, (await http.GetAsync("/readyz")).StatusCode);
        }

        Assert.DoesNotContain(app.Logs.Lines, line => line.StartsWith("Warning ") || line.StartsWith("Error ") || line.StartsWith("Critical "));
    }
}
