using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Vigil.Identity.Auth;
using Vigil.Identity.Staff;
using Vigil.Infrastructure;
using Vigil.Regions;
using Vigil.Infrastructure.Http;

namespace Vigil.Portal.Pages.Regions;

/// <summary>Administrators edit the prefecture messages in their scope, manage administrators, and (national scope) read the audit trail.</summary>
[Authorize(Policy = Policies.Administrator)]
public sealed class IndexModel(PrefectureMessages messages, Administrators administrators, RegionCatalog regions, PortalClock clock) : PageModel
{
    [BindProperty(SupportsGet = true, Name = "prefecture")] public int? PrefectureId { get; set; }
    [BindProperty] public string? Message { get; set; }
    [BindProperty] public string AdminEmail { get; set; } = "";
    [BindProperty] public string AdminRole { get; set; } = Roles.PrefectureAdmin;
    [BindProperty] public int? AdminPrefecture { get; set; }

    public List<Prefecture> Prefectures { get; private set; } = [];
    public Prefecture? Selected { get; private set; }
    public List<StaffAccount> Admins { get; private set; } = [];
    public List<AdminAuditEntry>? Audit { get; private set; }
    /// <summary>The administrator just created and their set-password link, shown once after the redirect.</summary>
    [TempData] public string? NewAdminEmail { get; set; }
    [TempData] public string? NewAdminLink { get; set; }
    [TempData] public string? NewAdminLinkExpires { get; set; }
    public int MaxPrefecture => administrators.MaxPrefecture;

    /// <summary>Prefectures an administrator can be made responsible for, by name.</summary>
    public IEnumerable<RegionEntry> AssignablePrefectures => regions.All.Where(p => regions.IsAssignable(p.Id));

    public string Name(int? id) => id is { } value ? regions.Name(value) : "";
    /// <summary>Offered in the form; the service decides again on submit (a prefecture admin only within their prefecture).</summary>
    public IEnumerable<string> CreatableRoles =>
        Administrators.AdminRoles.Where(role => role == Roles.PrefectureAdmin || Administrators.MayCreate(User, role, null));

    private int? OwnPrefecture => int.TryParse(User.FindFirst(Identity.Tokens.TokenSubjects.RegionClaim)?.Value, out var p) ? p : null;

    public Task OnGetAsync(CancellationToken ct) => LoadAsync(ct);

    public async Task<IActionResult> OnPostSaveMessageAsync([FromForm(Name = "PrefectureId")] int prefectureId, CancellationToken ct)
    {
        PrefectureId = prefectureId;
        switch (await messages.SetMessageAsync(prefectureId, Message ?? "", User, ct))
        {
            case PrefectureMessages.Change.Done:
                TempData["Notice"] = $"Message for {regions.Name(prefectureId)} saved.";
                return Redirect($"/portal/regions?prefecture={prefectureId}");
            case PrefectureMessages.Change.TooLong:
                ModelState.AddModelError(nameof(Message), $"At most {PrefectureMessages.MaxMessageLength} characters.");
                break;
            case PrefectureMessages.Change.Forbidden:
                Response.StatusCode = StatusCodes.Status403Forbidden;
                ModelState.AddModelError("", $"{regions.Name(prefectureId)} is outside your scope.");
                break;
            default:
                Response.StatusCode = StatusCodes.Status404NotFound;
                ModelState.AddModelError("", $"There is no prefecture {prefectureId}.");
                break;
        }
        await LoadAsync(ct);
        return Page();
    }

    public async Task<IActionResult> OnPostCreatePrefecturesAsync(CancellationToken ct)
    {
        if (!User.IsInRole(Roles.SuperAdmin) && !User.IsInRole(Roles.NationalAdmin))
        {
            return Forbid(PortalAuth.Scheme);
        }
        await messages.CreateMissingAsync(User, ct);
        return Redirect("/portal/regions");
    }

    public async Task<IActionResult> OnPostCreateAdminAsync(CancellationToken ct)
    {
        var outcome = await administrators.CreateAsync(User, AdminEmail, AdminRole, AdminPrefecture, ct);
        if (outcome.Created is { } created)
        {
            NewAdminEmail = created.Account.Email;
            NewAdminLink = $"{Request.Scheme}://{Request.Host}/portal/set-password?token={created.SetPasswordToken}";
            NewAdminLinkExpires = clock.Show(created.ExpiresAt);
            return Redirect("/portal/regions");
        }
        ModelState.AddModelError(nameof(AdminEmail), outcome.Message!);
        await LoadAsync(ct);
        return Page();
    }

    public async Task<IActionResult> OnPostDeleteAdminAsync(Guid id, CancellationToken ct)
    {
        var outcome = await administrators.DeleteAsync(User, id, ct);
        TempData["Notice"] = outcome.Refusal == Administrators.Refusal.None ? "Administrator deleted." : outcome.Message;
        return Redirect("/portal/regions");
    }

    private async Task LoadAsync(CancellationToken ct)
    {
        Prefectures = await messages.VisibleAsync(User, ct);
        Selected = Prefectures.FirstOrDefault(p => p.Id == PrefectureId) ?? Prefectures.FirstOrDefault(p => p.Id == OwnPrefecture) ?? Prefectures.FirstOrDefault();
        Admins = await administrators.ListAsync(User, Paging.First(100), ct);
        AdminPrefecture ??= OwnPrefecture;
        if (User.IsInRole(Roles.SuperAdmin) || User.IsInRole(Roles.NationalAdmin))
        {
            Audit = await administrators.AuditAsync(Paging.First(50), ct);
        }
    }
}
