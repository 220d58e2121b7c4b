using System.Text.RegularExpressions;
using Microsoft.Playwright;

namespace Vigil.Tests.Support;

public static class PortalFlow
{
    /// <summary>Signs in through the form as a new staff member with <paramref name="role"/>; returns the email.</summary>
    public static async Task<string> SignInAsNewAsync(this IPage page, VigilApp app, string role, string? region = null)
    {
        var email = await app.CreateStaffAsync(role, region);
        await page.SignInAsync(email, StaffFlow.Password);
        try
        {
            await page.ArriveAtAsync("**/portal");
        }
        catch (TimeoutException e)
        {
            throw new TimeoutException($"not on the dashboard after signing in as {email}: at {page.Url}: {await page.Locator("main").InnerTextAsync()}", e);
        }
        return email;
    }

    /// <summary>
    /// Waits until the page is at <paramref name="urlGlob"/> with its content on screen. After a form POST
    /// that redirects, waiting for the destination's <c>load</c> event (WaitForURL's default) could miss it on
    /// a loaded machine — the wait then timed out although the page was there (2 of 8 runs with both cores
    /// busy) — so this polls the address and then waits for the new document's main element. WaitForURL with
    /// <c>Commit</c> is no way out: when the address already matches it waits for <c>load</c> all the same
    /// (microsoft/playwright-dotnet#3365), and it timed out so in CI with the dashboard on screen.
    /// </summary>
    public static async Task ArriveAtAsync(this IPage page, string urlGlob)
    {
        await Assertions.Expect(page).ToHaveURLAsync(GlobPattern(urlGlob), new() { Timeout = 60_000 });
        await page.Locator("main").WaitForAsync();
    }

    /// <summary>A Playwright URL glob as a pattern: <c>**</c> any characters, <c>*</c> any but <c>/?#</c>.</summary>
    private static Regex GlobPattern(string glob) =>
        new("^" + Regex.Escape(glob).Replace(@"\*\*", ".*", StringComparison.Ordinal).Replace(@"\*", "[^/?#]*", StringComparison.Ordinal) + "$");

    /// <summary>Fills the sign-in form: the one on screen (after a redirect that carries the return address) or a fresh one.</summary>
    public static async Task SignInAsync(this IPage page, string email, string password, bool onCurrentPage = false)
    {
        if (!onCurrentPage)
        {
            await page.GotoAsync("/portal/sign-in");
        }
        await page.GetByLabel("Email").FillAsync(email);
        await page.GetByLabel("Password").FillAsync(password);
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
    }
}
