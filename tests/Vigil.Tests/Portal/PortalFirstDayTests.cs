using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using Vigil.Exposure.Claims;
using Vigil.Identity.Auth;
using Vigil.Infrastructure.Database;
using Vigil.Tests.Support;

namespace Vigil.Tests.Portal;

/// <summary>What staff met on their first day, in real headless Chromium: names not numbers, no repeated POST, clear forms.</summary>
public sealed class PortalFirstDayTests(VigilApps apps, PortalBrowser browser) : IClassFixture<VigilApps>, IClassFixture<PortalBrowser>
{
    private async Task<(VigilApp App, IPage Page)> OpenAsync(string role, string? region = null)
    {
        var app = await apps.WithSocketsAsync(TestDatabases.Sqlite);
        var page = await browser.NewPageAsync(app.HttpAddress!);
        await page.SignInAsNewAsync(app, role, region);
        return (app, page);
    }

    [Fact]
    public async Task Issuing_a_code_redirects_so_a_reload_shows_no_code_and_issues_none()
    {
        var (app, page) = await OpenAsync(Roles.HealthAuthority, "302");
        await page.GotoAsync("/portal/exposure");
        var before = await CodesAsync(app);

        await page.GetByRole(AriaRole.Button, new() { Name = "Issue a code" }).ClickAsync();
        var code = await page.Locator("#one-time-code").InnerTextAsync();
        var address = new Uri(page.Url).PathAndQuery;
        await page.ReloadAsync();

        Assert.Matches("^[A-Z0-9]{3} [A-Z0-9]{3} [A-Z0-9]{4}$", code);
        Assert.Equal("/portal/exposure", address);
        Assert.Equal(0, await page.Locator("#one-time-code").CountAsync());
        Assert.Equal(before + 1, await CodesAsync(app));
        Assert.Contains("1 code issued today", await DashboardAsync(page));
    }

    [Fact]
    public async Task A_super_admin_is_told_why_there_is_no_code_or_report_form_instead_of_being_offered_one()
    {
        var (_, page) = await OpenAsync(Roles.SuperAdmin);

        await page.GotoAsync("/portal/exposure");
        var issue = await page.GetByRole(AriaRole.Button, new() { Name = "Issue a code" }).CountAsync();
        var exposureNote = await page.Locator("#no-issue").InnerTextAsync();
        await page.GotoAsync("/portal/outbreaks");
        var report = await page.Locator("#new-event").CountAsync();
        var outbreakNote = await page.Locator("#no-report").InnerTextAsync();

        Assert.Equal((0, 0), (issue, report));
        Assert.Contains("acts nationally", exposureNote);
        Assert.Contains("acts nationally", outbreakNote);
    }

    [Fact]
    public async Task The_outbreak_form_explains_the_location_id_and_the_severity()
    {
        var (_, page) = await OpenAsync(Roles.HealthAuthority, "302");
        await page.GotoAsync("/portal/outbreaks");

        var location = await page.Locator("#location").GetAttributeAsync("aria-describedby");
        var severity = await page.Locator("#severity").GetAttributeAsync("aria-describedby");

        Assert.Contains("QR poster", await page.Locator("#" + location).InnerTextAsync());
        Assert.Contains("0 informs only", await page.Locator("#" + severity).InnerTextAsync());
    }

    [Fact]
    public async Task Prefectures_are_shown_by_name()
    {
        var (app, page) = await OpenAsync(Roles.SuperAdmin);
        using var http = app.CreateClient();
        http.DefaultRequestHeaders.Authorization = new("Bearer", await app.StaffTokenAsync(app.CreateClient(), Roles.SuperAdmin));
        Assert.True((await http.PostAsync("/admins/prefectures", null)).IsSuccessStatusCode);

        await page.GotoAsync("/portal/regions");
        var offered = await page.Locator("nav[aria-label=Prefectures] a").AllInnerTextsAsync();
        var choices = await page.Locator("#admin-prefecture option").AllInnerTextsAsync();

        Assert.Contains("Tokyo", offered);
        Assert.Contains("Okinawa", choices);
        Assert.DoesNotContain(offered, name => name.All(char.IsAsciiDigit));
    }

    [Fact]
    public async Task A_patient_without_a_second_surname_is_listed_without_a_stray_space_and_gender_has_no_default()
    {
        var (_, page) = await OpenAsync(Roles.ClinicAdmin);
        await page.GotoAsync("/portal/clinic");
        var preselected = await page.Locator("#gender").InputValueAsync();
        await page.GetByLabel("First name").FillAsync("Ana");
        await page.GetByLabel("Last name", new() { Exact = true }).FillAsync("Núñez");
        await page.Locator("#gender").SelectOptionAsync("female");
        await page.GetByLabel("Cellphone (10 digits)").FillAsync("58" + Random.Shared.Next(10_000_000, 99_999_999));
        await page.GetByRole(AriaRole.Button, new() { Name = "Register patient" }).ClickAsync();
        await page.ArriveAtAsync("**/portal/clinic/patients/**");
        await page.GotoAsync("/portal/clinic?search=Núñez");
        var listed = await page.Locator("table a", new() { HasText = "Núñez" }).First.InnerTextAsync();

        Assert.Equal("", preselected);
        Assert.Equal("Núñez, Ana", listed);
    }

    [Fact]
    public async Task The_reports_page_shows_each_report_once_and_its_period_in_the_clinics_days()
    {
        var (_, page) = await OpenAsync(Roles.ClinicAdmin);
        await page.GotoAsync("/portal/clinic/reports?timespan=week");

        var titles = await page.Locator("main h2").AllInnerTextsAsync();
        var period = await page.Locator("nav[aria-label=Period] .hint").InnerTextAsync();

        Assert.Single(titles, t => t == "Sessions per clinician");
        Assert.Matches(@"^\d{4}-\d{2}-\d{2} – \d{4}-\d{2}-\d{2} \(days in America/Mexico_City\)$", period);
    }

    private static async Task<string> DashboardAsync(IPage page)
    {
        await page.GotoAsync("/portal");
        return string.Join(" | ", await page.Locator(".grid .card").AllInnerTextsAsync()).Replace("\n", " ", StringComparison.Ordinal);
    }

    private static async Task<int> CodesAsync(VigilApp app)
    {
        await using var scope = app.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<VigilDb>().Set<KeyClaim>().CountAsync();
    }
}
