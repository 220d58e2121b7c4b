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
            await page.WaitForURLAsync("**/portal");
        }
        catch (TimeoutException e)
        {
            throw new TimeoutException($"not on the dashboard after signing in as {email}: at {page.Url}: {await page.Locator("main").InnerTextAsync()}", e);
        }
        return email;
    }

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
