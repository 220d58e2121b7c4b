using System.Net;
using System.Text.RegularExpressions;
using Vigil.Identity.Auth;
using Vigil.Tests.Support;

namespace Vigil.Tests.Portal;

public sealed class ClinicStaffPageTests(VigilApps apps) : IClassFixture<VigilApps>
{
    [Fact]
    public async Task A_clinic_admin_adds_a_clinician_who_sets_a_password_and_loses_sign_in_when_deactivated()
    {
        var app = await apps.For(TestDatabases.Sqlite);
        var admin = new PortalClient(app);
        await admin.SignInAsNewAsync(Roles.ClinicAdmin);
        var email = $"dra-{Guid.NewGuid():N}@example.org";

        var posted = await admin.PostFormAsync("/portal/clinic/staff", new Dictionary<string, string>
        {
            ["Input.Email"] = email,
            ["Input.Role"] = Roles.Clinician,
            ["Input.FirstName"] = "Elena",
            ["Input.LastName"] = "Ruiz",
            ["Input.Cellphone"] = "5587654321",
        }, "/portal/clinic/staff?handler=Create");
        // Post, redirect, get: the link is on the page the redirect leads to, and only there, once.
        var created = await (await admin.GetAsync(posted.Headers.Location!.OriginalString)).Content.ReadAsStringAsync();
        var reloaded = await (await admin.GetAsync("/portal/clinic/staff")).Content.ReadAsStringAsync();
        var link = Regex.Match(created, "/portal/set-password\\?token=([A-Za-z0-9_-]+)");
        var newcomer = new PortalClient(app);
        var set = await newcomer.PostFormAsync(link.Value, new Dictionary<string, string> { ["Password"] = "her own passphrase", ["Confirm"] = "her own passphrase" });
        var firstSignIn = await newcomer.SignInAsync(email, "her own passphrase");
        var list = await (await admin.GetAsync("/portal/clinic/staff")).Content.ReadAsStringAsync();
        var id = Regex.Match(list, $"{Regex.Escape(email)}.*?staff\\?id=([0-9a-f-]+)&amp;handler=Active|handler=Active&amp;id=([0-9a-f-]+)", RegexOptions.Singleline);
        var memberId = id.Groups[1].Success ? id.Groups[1].Value : id.Groups[2].Value;
        var deactivated = await admin.PostFormAsync("/portal/clinic/staff", new Dictionary<string, string> { ["active"] = "false" },
            $"/portal/clinic/staff?handler=Active&id={memberId}");
        var afterwards = await newcomer.GetAsync("/portal/clinic");
        var signInAgain = await new PortalClient(app).SignInAsync(email, "her own passphrase");

        Assert.True(link.Success);
        Assert.Equal(HttpStatusCode.Redirect, posted.StatusCode);
        Assert.DoesNotContain("/portal/set-password?token=", reloaded);
        Assert.Contains("Your password is set", await set.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.Redirect, firstSignIn.StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, deactivated.StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, afterwards.StatusCode);
        Assert.StartsWith("/portal/sign-in", afterwards.Headers.Location!.PathAndQuery);
        Assert.Equal(HttpStatusCode.OK, signInAgain.StatusCode);
        Assert.Contains("Invalid email or password.", await signInAgain.Content.ReadAsStringAsync());
    }
}
