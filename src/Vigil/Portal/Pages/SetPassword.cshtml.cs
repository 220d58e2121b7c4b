using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.RateLimiting;
using Vigil.Identity.Staff;
using Vigil.Infrastructure.Http;

namespace Vigil.Portal.Pages;

/// <summary>Where a set-password link (<c>?token=…</c>) from an administrator leads.</summary>
[EnableRateLimiting(RateLimits.Login)]
public sealed class SetPasswordModel(StaffAccounts accounts) : PageModel
{
    [BindProperty(SupportsGet = true)] public string Token { get; set; } = "";
    [BindProperty] public string Password { get; set; } = "";
    [BindProperty] public string Confirm { get; set; } = "";
    public bool Done { get; private set; }

    public void OnGet()
    {
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        if (Password != Confirm)
        {
            ModelState.AddModelError(nameof(Confirm), "The two passwords differ.");
            return Page();
        }
        try
        {
            Done = await accounts.SetPasswordAsync(Token, Password, ct);
            if (!Done)
            {
                ModelState.AddModelError("", "This link is unknown, used or expired: ask your administrator for a new one.");
            }
        }
        catch (ArgumentException e)
        {
            ModelState.AddModelError(nameof(Password), e.Message);
        }
        return Page();
    }
}
