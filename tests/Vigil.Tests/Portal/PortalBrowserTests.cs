using System.Globalization;
using System.Text.Json;
using Microsoft.Playwright;
using Vigil.Identity.Auth;
using Vigil.Tests.Support;

namespace Vigil.Tests.Portal;

/// <summary>The portal in real headless Chromium against the server on real sockets.</summary>
public sealed class PortalBrowserTests(VigilApps apps, PortalBrowser browser) : IClassFixture<VigilApps>, IClassFixture<PortalBrowser>
{
    private async Task<(VigilApp App, IPage Page)> OpenAsync(int width = 1280)
    {
        var app = await apps.WithSocketsAsync(TestDatabases.Sqlite);
        return (app, await browser.NewPageAsync(app.HttpAddress!, width));
    }

    [Fact]
    public async Task Staff_sign_in_see_their_dashboard_and_sign_out_again()
    {
        var (app, page) = await OpenAsync();
        await page.GotoAsync("/portal/outbreaks");
        Assert.Contains("/portal/sign-in", page.Url);
        await PortalBrowser.ScreenshotAsync(page, "sign-in");

        var email = await app.CreateStaffAsync(Roles.HealthAuthority, "302");
        await page.SignInAsync(email, StaffFlow.Password, onCurrentPage: true);
        await page.ArriveAtAsync("**/portal/outbreaks");
        await page.GotoAsync("/portal");
        await PortalBrowser.ScreenshotAsync(page, "dashboard");
        var offered = await page.Locator("main h2 a").AllInnerTextsAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign out" }).ClickAsync();
        await page.ArriveAtAsync("**/portal/sign-in");
        await page.GotoAsync("/portal");

        Assert.Equal(["Exposure", "Outbreaks"], offered);
        Assert.Contains("/portal/sign-in", page.Url);
    }

    [Fact]
    public async Task Health_authority_staff_issue_a_code_grouped_three_three_four_with_its_qr_image_and_see_it_counted()
    {
        var (app, page) = await OpenAsync();
        await page.SignInAsNewAsync(app, Roles.HealthAuthority, "302");
        await page.GotoAsync("/portal/exposure");

        await page.GetByRole(AriaRole.Button, new() { Name = "Issue a code" }).ClickAsync();
        var code = await page.Locator("#one-time-code").InnerTextAsync();
        var qrWidth = await page.Locator("#one-time-code-qr").EvaluateAsync<int>("img => img.complete ? img.naturalWidth : 0");
        var today = app.Clock.GetUtcNow().ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        var todayRow = await page.Locator("#exposure-table tr", new() { HasText = today }).Locator("td").AllInnerTextsAsync();
        var rendered = await page.Locator("#exposure-chart").GetAttributeAsync("data-rendered");
        await PortalBrowser.ScreenshotAsync(page, "exposure");

        Assert.Matches("^[A-Z0-9]{3} [A-Z0-9]{3} [A-Z0-9]{4}$", code);
        Assert.True(qrWidth > 100, $"QR image width {qrWidth}");
        Assert.Equal("1", todayRow[1]);
        Assert.Equal((14 * 4).ToString(CultureInfo.InvariantCulture), rendered);
        var (appPublicKey, _) = Vigil.Exposure.Sodium.NaclBox.CreateKeyPair();
        var claim = await new ExposureClient(app, app.CreateClient()).ClaimAsync(code.Replace(" ", "", StringComparison.Ordinal), appPublicKey);
        Assert.Equal(System.Net.HttpStatusCode.OK, claim.Status);
        Assert.Equal(32, claim.Response.ServerPublicKey.Length);
    }

    [Theory]
    [InlineData(Roles.SuperAdmin, new[] { "/portal", "/portal/exposure", "/portal/outbreaks", "/portal/regions", "/portal/keys" })]
    [InlineData(Roles.ClinicAdmin, new[] { "/portal/clinic", "/portal/clinic/reports", "/portal/clinic/staff", "/portal/password" })]
    public async Task Every_page_fits_a_phone_screen_and_breaks_no_content_security_rule(string role, string[] paths)
    {
        var (app, page) = await OpenAsync(width: 375);
        var problems = new List<string>();
        page.Console += (_, message) =>
        {
            if (message.Type == "error")
            {
                problems.Add(message.Text);
            }
        };
        page.Response += (_, response) =>
        {
            if (response.Status >= 400)
            {
                problems.Add($"{response.Status} {response.Url}");
            }
        };
        await page.SignInAsNewAsync(app, role);

        var overflows = new Dictionary<string, int>();
        foreach (var path in paths)
        {
            await page.GotoAsync(path);
            overflows[path] = await page.EvaluateAsync<int>("() => document.documentElement.scrollWidth - window.innerWidth");
        }
        await PortalBrowser.ScreenshotAsync(page, $"phone-{role}");

        Assert.All(overflows, o => Assert.True(o.Value <= 0, $"{o.Key} is {o.Value}px wider than the screen"));
        Assert.Empty(problems);
    }

    [Fact]
    public async Task An_outbreak_event_is_validated_in_the_browser_submitted_and_withdrawn_with_a_reason()
    {
        var (app, page) = await OpenAsync();
        await page.SignInAsNewAsync(app, Roles.HealthAuthority, "302");
        await page.GotoAsync("/portal/outbreaks");
        var now = app.Clock.GetUtcNow();
        var location = "Zq" + Guid.NewGuid().ToString("N")[..6];

        await page.GetByLabel("Location id").FillAsync("bad id!");
        var invalidInBrowser = await page.Locator("#location").EvaluateAsync<bool>("input => !input.checkValidity()");
        await page.GetByLabel("Location id").FillAsync(location);
        await page.GetByLabel("Start (UTC)").FillAsync(now.AddHours(-5).ToString("yyyy-MM-ddTHH:mm", CultureInfo.InvariantCulture));
        await page.GetByLabel("End (UTC)").FillAsync(now.AddHours(-2).ToString("yyyy-MM-ddTHH:mm", CultureInfo.InvariantCulture));
        await page.GetByLabel("Severity").FillAsync("2");
        await page.GetByRole(AriaRole.Button, new() { Name = "Report event" }).ClickAsync();
        var row = page.Locator("#events tr", new() { HasText = location });
        await row.WaitForAsync();
        await PortalBrowser.ScreenshotAsync(page, "outbreaks");
        await row.GetByRole(AriaRole.Link, new() { Name = "Correct or withdraw" }).ClickAsync();
        await page.GetByLabel("Reason").FillAsync("Reported at the wrong venue");
        await page.GetByRole(AriaRole.Button, new() { Name = "Withdraw event" }).ClickAsync();
        var state = await page.Locator("#state").InnerTextAsync();
        var audit = await page.Locator("#audit tbody tr").AllInnerTextsAsync();

        Assert.True(invalidInBrowser);
        Assert.StartsWith("Withdrawn", state);
        Assert.Contains("Reported at the wrong venue", state);
        Assert.Equal(2, audit.Count);
        var token = await app.StaffTokenAsync(app.CreateClient(), Roles.HealthAuthority, "302");
        var client = app.CreateClient();
        client.DefaultRequestHeaders.Authorization = new("Bearer", token);
        using var events = JsonDocument.Parse(await client.GetStringAsync($"/qr/events?location={location}"));
        var stored = events.RootElement.EnumerateArray().Single();
        Assert.Equal(2, stored.GetProperty("severity").GetInt32());
        Assert.Equal("Reported at the wrong venue", stored.GetProperty("withdrawnReason").GetString());
    }

    [Fact]
    public async Task A_super_admin_creates_an_api_key_sees_its_secret_once_and_revokes_it()
    {
        var (app, page) = await OpenAsync();
        await page.SignInAsNewAsync(app, Roles.SuperAdmin);
        await page.GotoAsync("/portal/keys");
        var name = "Portal test " + Guid.NewGuid().ToString("N")[..6];

        await page.GetByLabel("Name", new() { Exact = true }).FillAsync(name);
        await page.GetByLabel("Region").FillAsync("302");
        await page.GetByRole(AriaRole.Button, new() { Name = "Create API key" }).ClickAsync();
        var secret = await page.Locator("#new-secret").InnerTextAsync();
        await PortalBrowser.ScreenshotAsync(page, "keys");
        var row = page.Locator("#api-keys tr", new() { HasText = name });
        await row.GetByRole(AriaRole.Button, new() { Name = "Revoke" }).ClickAsync();
        var state = await page.Locator("#api-keys tr", new() { HasText = name }).Locator("td").Nth(4).InnerTextAsync();
        await page.ReloadAsync();

        Assert.StartsWith("vgk_", secret);
        Assert.StartsWith("revoked", state);
        Assert.Equal(0, await page.Locator("#new-secret").CountAsync());
        var refused = await new ExposureClient(app, app.CreateClient()).NewKeyClaimAsync(secret);
        Assert.Equal(System.Net.HttpStatusCode.Unauthorized, refused.Status);
    }

    [Fact]
    public async Task A_prefecture_admin_edits_their_message_with_a_live_preview_and_is_refused_another_prefecture()
    {
        var (app, page) = await OpenAsync();
        await EnsurePrefecturesAsync(app);
        await page.SignInAsNewAsync(app, Roles.PrefectureAdmin, "13");
        await page.GotoAsync("/portal/regions");
        var text = "Stay home tonight " + Guid.NewGuid().ToString("N")[..6];

        var offered = await page.Locator("nav[aria-label=Prefectures] a").AllInnerTextsAsync();
        await page.GetByLabel("Message for Tokyo").FillAsync(text);
        var preview = await page.Locator("#message-preview").InnerTextAsync();
        await PortalBrowser.ScreenshotAsync(page, "regions");
        await page.GetByRole(AriaRole.Button, new() { Name = "Save message" }).ClickAsync();
        await page.Locator(".notice").WaitForAsync();
        await page.Locator("input[name=PrefectureId]").EvaluateAsync("input => input.value = '27'");
        await page.GetByLabel("Message for Tokyo").FillAsync("Not mine to say");
        var refusal = await page.RunAndWaitForResponseAsync(
            () => page.GetByRole(AriaRole.Button, new() { Name = "Save message" }).ClickAsync(), r => r.Request.Method == "POST");
        var shown = await page.Locator("[role=alert]").InnerTextAsync();

        Assert.Equal(["Tokyo"], offered);
        Assert.Equal(text, preview);
        Assert.Equal(403, refusal.Status);
        Assert.Contains("Osaka is outside your scope", shown);
        Assert.Equal(text, await AppMessageAsync(app, 13));
        Assert.NotEqual("Not mine to say", await AppMessageAsync(app, 27));
    }

    [Fact]
    public async Task A_super_admin_creates_a_prefecture_admin_whose_set_password_link_lets_them_sign_in()
    {
        var (app, page) = await OpenAsync();
        await EnsurePrefecturesAsync(app);
        await page.SignInAsNewAsync(app, Roles.SuperAdmin);
        await page.GotoAsync("/portal/regions");
        var email = $"osaka-{Guid.NewGuid():N}@example.org";

        await page.GetByLabel("Email").FillAsync(email);
        await page.GetByLabel("Role").SelectOptionAsync(Roles.PrefectureAdmin);
        await page.GetByLabel("Prefecture", new() { Exact = true }).SelectOptionAsync(new SelectOptionValue { Label = "Osaka" });
        await page.GetByRole(AriaRole.Button, new() { Name = "Create administrator" }).ClickAsync();
        var link = new Uri(await page.Locator("#set-password-link").InnerTextAsync());
        var invited = await browser.NewPageAsync(app.HttpAddress!);
        await invited.GotoAsync(link.PathAndQuery);
        await invited.GetByLabel("New password").FillAsync("a new long passphrase");
        await invited.GetByLabel("Repeat it").FillAsync("a new long passphrase");
        await invited.GetByRole(AriaRole.Button, new() { Name = "Set password" }).ClickAsync();
        await invited.GetByRole(AriaRole.Link, new() { Name = "Sign in" }).ClickAsync();
        await invited.SignInAsync(email, "a new long passphrase", onCurrentPage: true);
        await invited.ArriveAtAsync("**/portal");
        await invited.GotoAsync("/portal/regions");
        var theirs = await invited.Locator("nav[aria-label=Prefectures] a").AllInnerTextsAsync();

        Assert.Equal(["Osaka"], theirs);
        Assert.Contains(email, await page.Locator("#admins").InnerTextAsync());
    }

    private static async Task EnsurePrefecturesAsync(VigilApp app)
    {
        var client = app.CreateClient();
        client.DefaultRequestHeaders.Authorization = new("Bearer", await app.StaffTokenAsync(app.CreateClient(), Roles.SuperAdmin));
        Assert.True((await client.PostAsync("/admins/prefectures", null)).IsSuccessStatusCode);
    }

    private static async Task<string> AppMessageAsync(VigilApp app, int prefecture)
    {
        var client = app.CreateClient();
        var login = await client.PostAsync("/auth/login", new StringContent($$"""{"prefecture": {{prefecture}}}""", System.Text.Encoding.UTF8, "application/json"));
        using var token = JsonDocument.Parse(await login.Content.ReadAsStringAsync());
        client.DefaultRequestHeaders.Authorization = new("Bearer", token.RootElement.GetProperty("token").GetString());
        using var message = JsonDocument.Parse(await client.GetStringAsync($"/prefectures/{prefecture}/message"));
        return message.RootElement.GetProperty("message").GetString()!;
    }

    [Fact]
    public async Task A_clinician_registers_a_patient_and_a_session_and_the_reports_draw_what_the_api_reports()
    {
        var (app, page) = await OpenAsync();
        await page.SignInAsNewAsync(app, Roles.Clinician);
        await page.GotoAsync("/portal/clinic");
        var cellphone = "55" + Random.Shared.Next(10_000_000, 99_999_999).ToString(CultureInfo.InvariantCulture);

        await page.GetByLabel("First name").FillAsync("Ana");
        await page.GetByLabel("Last name", new() { Exact = true }).FillAsync("López");
        await page.GetByLabel("Gender").SelectOptionAsync("female");
        await page.GetByLabel("Cellphone (10 digits)").FillAsync(cellphone);
        await page.GetByRole(AriaRole.Button, new() { Name = "Register patient" }).ClickAsync();
        await page.ArriveAtAsync("**/portal/clinic/patients/*");
        var services = await page.Locator("#service option").EvaluateAllAsync<string[]>("options => options.map(o => o.value)");
        await page.GetByLabel("Service").SelectOptionAsync(services[^1]);
        var parents = await page.Locator("#intervention option").EvaluateAllAsync<string[]>("options => options.map(o => o.dataset.parent)");
        await page.GetByLabel("Recovery fee").FillAsync("150.50");
        await page.GetByRole(AriaRole.Button, new() { Name = "Save session" }).ClickAsync();
        await page.Locator(".notice").WaitForAsync();
        var sessionRows = await page.Locator("#sessions tbody tr").CountAsync();
        await PortalBrowser.ScreenshotAsync(page, "clinic-patient");

        Assert.NotEmpty(parents);
        Assert.All(parents, parent => Assert.Equal(services[^1], parent));
        Assert.Equal(1, sessionRows);

        var admin = await browser.NewPageAsync(app.HttpAddress!);
        await admin.SignInAsNewAsync(app, Roles.ClinicAdmin);
        await admin.GotoAsync("/portal/clinic/reports?timespan=month");
        await admin.Locator("#chart-sessions-by-service[data-rendered]").WaitForAsync();
        var drawn = new Dictionary<string, string?>();
        foreach (var report in new[] { "sessions-by-intervention", "sessions-by-service", "patients-by-gender", "sessions-by-clinician", "income-by-clinician" })
        {
            drawn[report] = await admin.Locator($"#chart-{report}").GetAttributeAsync("data-rendered");
        }
        var pixels = await admin.Locator("#chart-sessions-by-service").EvaluateAsync<int>(
            "c => { const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data; let n = 0; for (let i = 3; i < d.length; i += 4) if (d[i]) n++; return n; }");
        using var shown = JsonDocument.Parse(await admin.Locator("#data-sessions-by-service").InnerTextAsync());
        await PortalBrowser.ScreenshotAsync(admin, "clinic-reports");

        Assert.All(drawn.Values, rendered => Assert.True(int.Parse(rendered!, CultureInfo.InvariantCulture) > 0));
        Assert.True(pixels > 1000, $"{pixels} painted pixels");
        var api = app.CreateClient();
        api.DefaultRequestHeaders.Authorization = new("Bearer", await app.StaffTokenAsync(app.CreateClient(), Roles.ClinicAdmin));
        using var reported = JsonDocument.Parse(await api.GetStringAsync("/care/reports/sessions-by-service?timespan=month"));
        Assert.Equal(Texts(reported.RootElement.GetProperty("labels")), Texts(shown.RootElement.GetProperty("labels")));
        Assert.Equal(
            reported.RootElement.GetProperty("values").EnumerateArray().Select(v => v.GetDouble()),
            shown.RootElement.GetProperty("datasets")[0].GetProperty("data").EnumerateArray().Select(v => v.GetDouble()));
        Assert.Equal("150.50", await admin.Locator("#income-total").InnerTextAsync());
    }

    private static string[] Texts(JsonElement array) => [.. array.EnumerateArray().Select(e => e.GetString()!)];
}
