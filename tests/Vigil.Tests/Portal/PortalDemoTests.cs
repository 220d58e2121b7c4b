using System.Globalization;
using Vigil.Tests.Support;

namespace Vigil.Tests.Portal;

/// <summary>A newcomer's first look: after <c>vigil demo seed</c> the portal's charts have something in them (the README's screenshots).</summary>
public sealed class PortalDemoTests(PortalBrowser browser) : IClassFixture<PortalBrowser>
{
    [Fact]
    public async Task After_demo_seed_the_exposure_and_clinic_charts_draw_weeks_of_data()
    {
        using var app = await VigilApp.StartWithSocketsAsync(TestDatabases.Sqlite);
        app.Clock.Advance(DateTimeOffset.UtcNow - app.Clock.GetUtcNow());
        Assert.Equal(0, (await CliRunner.RunAsync(new[] { "demo", "seed" }.With(app.DataDirectory))).ExitCode);
        var page = await browser.NewPageAsync(app.HttpAddress!);

        await page.SignInAsync("authority@demo.example.org", "demo password 2026");
        await page.ArriveAtAsync("**/portal");
        await PortalBrowser.ScreenshotAsync(page, "demo-dashboard");
        await page.GotoAsync($"/portal/exposure?from={DateTime.UtcNow.AddDays(-20):yyyy-MM-dd}&to={DateTime.UtcNow:yyyy-MM-dd}");
        await page.Locator("#exposure-chart[data-rendered]").WaitForAsync();
        var keyCells = await page.Locator("#exposure-table tbody tr td:nth-child(5)").AllInnerTextsAsync();
        await PortalBrowser.ScreenshotAsync(page, "demo-exposure");
        await page.GotoAsync("/portal/outbreaks");
        var events = await page.Locator("#events tbody tr").CountAsync();
        await PortalBrowser.ScreenshotAsync(page, "demo-outbreaks");

        var clinic = await browser.NewPageAsync(app.HttpAddress!);
        await clinic.SignInAsync("clinic@demo.example.org", "demo password 2026");
        await clinic.ArriveAtAsync("**/portal");
        await clinic.GotoAsync("/portal/clinic/reports?timespan=month");
        await clinic.Locator("#chart-sessions-by-service[data-rendered]").WaitForAsync();
        var income = decimal.Parse(await clinic.Locator("#income-total").InnerTextAsync(), CultureInfo.InvariantCulture);
        await PortalBrowser.ScreenshotAsync(clinic, "demo-clinic-reports");

        var phone = await browser.NewPageAsync(app.HttpAddress!, width: 375);
        await phone.SignInAsync("authority@demo.example.org", "demo password 2026");
        await phone.ArriveAtAsync("**/portal");
        await phone.GotoAsync("/portal/exposure");
        await phone.Locator("#exposure-chart[data-rendered]").WaitForAsync();
        await PortalBrowser.ScreenshotAsync(phone, "demo-exposure-phone");
        var tokyo = await browser.NewPageAsync(app.HttpAddress!);
        await tokyo.SignInAsync("tokyo@demo.example.org", "demo password 2026");
        await tokyo.ArriveAtAsync("**/portal");
        await tokyo.GotoAsync("/portal/regions");
        var notice = await tokyo.Locator("#message-preview").InnerTextAsync();
        await PortalBrowser.ScreenshotAsync(tokyo, "demo-regions");

        Assert.True(keyCells.Count(k => int.Parse(k, CultureInfo.InvariantCulture) > 0) >= 15, string.Join(",", keyCells));
        Assert.StartsWith("Tokyo:", notice);
        Assert.True(events >= 10, $"{events} events");
        Assert.True(income > 0, $"income {income}");
    }
}
