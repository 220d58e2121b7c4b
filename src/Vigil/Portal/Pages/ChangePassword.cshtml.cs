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
            if (await accounts.ChangePasswordAsync(User.StaffId(), Current, Password, ct))
            {
                TempData["Notice"] = "Your password has been changed.";
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
