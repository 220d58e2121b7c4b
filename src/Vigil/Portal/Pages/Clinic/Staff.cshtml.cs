using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Vigil.Care;
using Vigil.Identity.Auth;

namespace Vigil.Portal.Pages.Clinic;

/// <summary>Clinic admins add members (with a set-password link) and deactivate or reactivate them.</summary>
[Authorize(Roles = Roles.ClinicAdmin)]
public sealed class StaffModel(ClinicStaffDirectory directory) : PageModel
{
    public sealed class StaffForm
    {
        public string Email { get; set; } = "";
        public string Role { get; set; } = Roles.Clinician;
        public string FirstName { get; set; } = "";
        public string LastName { get; set; } = "";
        public string Cellphone { get; set; } = "";
    }

    [BindProperty] public StaffForm Input { get; set; } = new();
    public List<ClinicStaffDirectory.Member> Members { get; private set; } = [];
    /// <summary>The new member's set-password link, shown once after the redirect that follows the POST.</summary>
    [TempData] public string? SetPasswordLink { get; set; }

    public async Task OnGetAsync(CancellationToken ct) => Members = await directory.MembersAsync(ct);

    public async Task<IActionResult> OnPostCreateAsync(CancellationToken ct)
    {
        var outcome = await directory.CreateAsync(new ClinicStaffDirectory.StaffInput(Input.Email, Input.Role, Input.FirstName, Input.LastName, Input.Cellphone ?? ""), ct);
        if (outcome.SetPasswordToken is { } token)
        {
            SetPasswordLink = $"{Request.Scheme}://{Request.Host}/portal/set-password?token={token}";
            return Redirect("/portal/clinic/staff");
        }
        ModelState.AddModelError("", outcome.Message ?? "The member could not be added.");
        await OnGetAsync(ct);
        return Page();
    }

    public async Task<IActionResult> OnPostActiveAsync(Guid id, bool active, CancellationToken ct)
    {
        var outcome = await directory.UpdateAsync(id, new ClinicStaffDirectory.StaffPatch(Active: active), ct);
        if (outcome.Refusal == ClinicStaffDirectory.Refusal.NotFound)
        {
            return NotFound();
        }
        TempData["Notice"] = active ? "Member reactivated." : "Member deactivated: they can no longer sign in.";
        return Redirect("/portal/clinic/staff");
    }
}
