using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Vigil.Identity.Staff;

namespace Vigil.Portal.Pages;

public sealed class ChangePasswordModel(StaffAccounts accounts) : PageModel
{
    [BindProperty] public string Current { get; set; } = "";
    [BindProperty] public string Password { get; set; } = "";

    public void OnGet()
    {
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        try
        {
            if (await accounts.ChangePasswordAsync(User.StaffId(), Current, Password, ct) is { } account)
            {
                // A new stamp for this sign-in; every other sign-in of the account ends.
                await PortalAuth.SignInAsync(HttpContext, account);
                TempData["Notice"] = "Your password has been changed; other sign-ins of your account have ended.";
                return Redirect("/portal");
            }
            ModelState.AddModelError(nameof(Current), "The current password is not right.");
        }
        catch (ArgumentException e)
        {
            ModelState.AddModelError(nameof(Password), e.Message);
        }
        return Page();
    }
}
