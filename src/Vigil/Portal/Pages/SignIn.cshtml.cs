using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.RateLimiting;
using Vigil.Identity.Staff;
using Vigil.Infrastructure.Http;

namespace Vigil.Portal.Pages;

[EnableRateLimiting(RateLimits.Login)]
public sealed class SignInModel(StaffAccounts accounts, PortalClock clock) : PageModel
{
    [BindProperty] public string Email { get; set; } = "";
    [BindProperty] public string Password { get; set; } = "";
    [BindProperty(SupportsGet = true)] public string? ReturnUrl { get; set; }

    public void OnGet()
    {
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        var outcome = await accounts.TrySignInAsync(Email, Password, ct);
        if (outcome.Account is not { } account)
        {
            ModelState.AddModelError("", outcome.LockedUntil is { } until
                ? $"Too many failed attempts: this account is locked until {clock.Show(until)}."
                : "Invalid email or password.");
            return Page();
        }
        await PortalAuth.SignInAsync(HttpContext, account);
        return LocalRedirect(Url.IsLocalUrl(ReturnUrl) && ReturnUrl.StartsWith("/portal", StringComparison.Ordinal) ? ReturnUrl : "/portal");
    }
}
