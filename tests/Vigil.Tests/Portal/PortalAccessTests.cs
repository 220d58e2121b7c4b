using System.Net;
using Vigil.Identity.Auth;
using Vigil.Tests.Support;

namespace Vigil.Tests.Portal;

/// <summary>Sign-in, redirects, antiforgery and role checks over plain HTTP; the browser tests cover the pages themselves.</summary>
public sealed class PortalAccessTests(VigilApps apps) : IClassFixture<VigilApps>
{
    private async Task<(VigilApp App, PortalClient Portal)> StartAsync()
    {
        var app = await apps.For(TestDatabases.Sqlite);
        return (app, new PortalClient(app));
    }

    [Theory]
    [InlineData("/portal")]
    [InlineData("/portal/exposure")]
    [InlineData("/portal/outbreaks")]
    [InlineData("/portal/keys")]
    [InlineData("/portal/password")]
    public async Task A_signed_out_visitor_is_sent_to_the_sign_in_page(string path)
    {
        var (_, portal) = await StartAsync();

        var reply = await portal.GetAsync(path);

        Assert.Equal(HttpStatusCode.Redirect, reply.StatusCode);
        Assert.StartsWith("/portal/sign-in?ReturnUrl=" + Uri.EscapeDataString(path), reply.Headers.Location!.PathAndQuery);
    }

    [Fact]
    public async Task Signing_in_sets_an_http_only_same_site_cookie_scoped_to_the_portal()
    {
        var (app, portal) = await StartAsync();
        var email = await app.CreateStaffAsync(Roles.HealthAuthority, "302");

        var reply = await portal.SignInAsync(email);

        Assert.Equal(HttpStatusCode.Redirect, reply.StatusCode);
        Assert.Equal("/portal", reply.Headers.Location!.OriginalString);
        var cookie = reply.Headers.GetValues("Set-Cookie").Single(c => c.StartsWith("vigil.portal=", StringComparison.Ordinal));
        Assert.Contains("path=/portal", cookie);
        Assert.Contains("httponly", cookie);
        Assert.Contains("samesite=strict", cookie);
        Assert.Equal(HttpStatusCode.OK, (await portal.GetAsync("/portal")).StatusCode);
    }

    [Fact]
    public async Task A_wrong_password_is_refused_and_the_fifth_failure_says_the_account_is_locked()
    {
        var (app, portal) = await StartAsync();
        var email = await app.CreateStaffAsync(Roles.ClinicAdmin);

        var first = await (await portal.SignInAsync(email, "not the password")).Content.ReadAsStringAsync();
        for (var i = 0; i < 3; i++)
        {
            await portal.SignInAsync(email, "not the password");
        }
        var fifth = await (await portal.SignInAsync(email, "not the password")).Content.ReadAsStringAsync();
        var rightButLocked = await portal.SignInAsync(email);

        Assert.Contains("Invalid email or password.", first);
        Assert.Contains("this account is locked until", fifth);
        Assert.Equal(HttpStatusCode.OK, rightButLocked.StatusCode);
        Assert.Contains("this account is locked until", await rightButLocked.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task A_form_posted_without_its_antiforgery_token_is_rejected()
    {
        var (app, portal) = await StartAsync();
        var email = await app.CreateStaffAsync(Roles.HealthAuthority, "302");

        var signIn = await portal.PostFormAsync("/portal/sign-in", new Dictionary<string, string> { ["Email"] = email, ["Password"] = StaffFlow.Password }, withToken: false);
        await portal.SignInAsync(email);
        var issue = await portal.PostFormAsync("/portal/exposure", new Dictionary<string, string>(), "/portal/exposure?handler=Issue", withToken: false);

        Assert.Equal(HttpStatusCode.BadRequest, signIn.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, issue.StatusCode);
    }

    [Theory]
    [InlineData(Roles.Clinician, "/portal/keys")]
    [InlineData(Roles.Clinician, "/portal/exposure")]
    [InlineData(Roles.PrefectureAdmin, "/portal/outbreaks")]
    [InlineData(Roles.HealthAuthority, "/portal/keys")]
    public async Task A_page_outside_ones_role_is_refused_on_the_server(string role, string path)
    {
        var (_, portal) = await StartAsync();
        await portal.SignInAsNewAsync(role, role switch { Roles.PrefectureAdmin => "13", Roles.HealthAuthority => "302", _ => null });

        var page = await portal.GetAsync(path);
        var post = await portal.PostFormAsync("/portal/password", new Dictionary<string, string>(), path + "?handler=CreateApiKey");

        Assert.Equal(HttpStatusCode.Redirect, page.StatusCode);
        Assert.StartsWith("/portal/denied", page.Headers.Location!.PathAndQuery);
        Assert.Equal(HttpStatusCode.Redirect, post.StatusCode);
        Assert.StartsWith("/portal/denied", post.Headers.Location!.PathAndQuery);
    }

    [Fact]
    public async Task Portal_pages_forbid_framing_inline_scripts_and_caching()
    {
        var (_, portal) = await StartAsync();

        var reply = await portal.GetAsync("/portal/sign-in");

        Assert.Contains("script-src 'self'", reply.Headers.GetValues("Content-Security-Policy").Single());
        Assert.Equal("DENY", reply.Headers.GetValues("X-Frame-Options").Single());
        Assert.True(reply.Headers.CacheControl!.NoStore);
    }

    [Fact]
    public async Task A_clinician_cannot_open_another_clinicians_patient_by_its_address()
    {
        var (app, mine) = await StartAsync();
        await mine.SignInAsNewAsync(Roles.Clinician);
        var registered = await mine.PostFormAsync("/portal/clinic", new Dictionary<string, string>
        {
            ["Input.FirstName"] = "Luis",
            ["Input.LastName"] = "Pérez",
            ["Input.Gender"] = "male",
            ["Input.Cellphone"] = "56" + Random.Shared.Next(10_000_000, 99_999_999).ToString(System.Globalization.CultureInfo.InvariantCulture),
        }, "/portal/clinic?handler=Register");
        var address = registered.Headers.Location!.OriginalString;
        var other = new PortalClient(app);
        await other.SignInAsNewAsync(Roles.Clinician);

        var own = await mine.GetAsync(address);
        var theirs = await other.GetAsync(address);
        var session = await other.PostFormAsync("/portal/clinic", new Dictionary<string, string> { ["Session.RecoveryFee"] = "1" }, address + "?handler=Session");

        Assert.StartsWith("/portal/clinic/patients/", address);
        Assert.Equal(HttpStatusCode.OK, own.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, theirs.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, session.StatusCode);
    }

    [Fact]
    public async Task Sign_in_attempts_share_the_login_rate_limit_but_viewing_the_page_does_not()
    {
        await using var app = await VigilApp.StartAsync(TestDatabases.Sqlite, new Dictionary<string, string?> { ["Vigil:RateLimits:login:PermitLimit"] = "3" });
        var portal = new PortalClient(app);
        for (var i = 0; i < 5; i++)
        {
            Assert.Equal(HttpStatusCode.OK, (await portal.GetAsync("/portal/sign-in")).StatusCode);
        }

        var attempts = new List<HttpStatusCode>();
        for (var i = 0; i < 4; i++)
        {
            attempts.Add((await portal.SignInAsync("nobody@example.org", "not the password")).StatusCode);
        }

        Assert.Equal([HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.TooManyRequests], attempts);
        Assert.Equal(HttpStatusCode.OK, (await portal.GetAsync("/portal/sign-in")).StatusCode);
    }

    [Fact]
    public async Task Changing_the_password_ends_the_accounts_other_sign_ins_but_not_this_one()
    {
        var (app, here) = await StartAsync();
        var email = await app.CreateStaffAsync(Roles.ClinicAdmin);
        var elsewhere = new PortalClient(app);
        await here.SignInAsync(email);
        await elsewhere.SignInAsync(email);

        var changed = await here.PostFormAsync("/portal/password", new Dictionary<string, string> { ["Current"] = StaffFlow.Password, ["Password"] = "a brand new passphrase" });
        var stillHere = await here.GetAsync("/portal");
        var goneElsewhere = await elsewhere.GetAsync("/portal");

        Assert.Equal(HttpStatusCode.Redirect, changed.StatusCode);
        Assert.Equal(HttpStatusCode.OK, stillHere.StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, goneElsewhere.StatusCode);
        Assert.StartsWith("/portal/sign-in", goneElsewhere.Headers.Location!.PathAndQuery);
    }
}
