using Microsoft.Playwright;

namespace Vigil.Tests.Support;

/// <summary>
/// Debian's headless Chromium driven by Playwright, one browser per test class. Each test gets its own
/// context (cookies), so sign-ins never leak between tests. Screenshots go to TestResults/portal.
/// </summary>
public sealed class PortalBrowser : IAsyncLifetime
{
    public const string ChromiumPath = "/usr/bin/chromium";

    private IPlaywright? _playwright;
    private IBrowser? _browser;

    public static string ScreenshotDirectory { get; } =
        Directory.CreateDirectory(Path.Combine(AppContext.BaseDirectory, "TestResults", "portal")).FullName;

    public async Task InitializeAsync()
    {
        if (!File.Exists(ChromiumPath))
        {
            throw new InvalidOperationException($"The portal tests need Debian's Chromium at {ChromiumPath}: apt-get install chromium (.ci/run does).");
        }
        _playwright = await Playwright.CreateAsync();
        _browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = ChromiumPath,
            Headless = true,
            // As root in a container, and with no network beyond loopback: no sandbox, no background traffic.
            Args = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
                "--disable-component-update", "--disable-sync", "--disable-dev-shm-usage"],
        });
    }

    /// <summary>A fresh page at phone-or-desktop width, in its own cookie jar, with a base address.</summary>
    public async Task<IPage> NewPageAsync(Uri baseAddress, int width = 1280)
    {
        var context = await _browser!.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = baseAddress.ToString(),
            ViewportSize = new ViewportSize { Width = width, Height = 900 },
            TimezoneId = "UTC",
        });
        // Generous: CI runs these beside every other test class and a PostgreSQL server on two cores.
        context.SetDefaultTimeout(60_000);
        return await context.NewPageAsync();
    }

    public static Task ScreenshotAsync(IPage page, string name) =>
        page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(ScreenshotDirectory, name + ".png"), FullPage = true });

    public async Task DisposeAsync()
    {
        if (_browser is not null)
        {
            await _browser.DisposeAsync();
        }
        _playwright?.Dispose();
    }
}
