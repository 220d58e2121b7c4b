using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Vigil.Identity.Auth;
using Vigil.Outbreaks;

namespace Vigil.Portal.Pages.Outbreaks;

/// <summary>One event of the caller's region: correct its window or severity, or withdraw it with a reason.</summary>
[Authorize(Policy = Policies.HealthAuthority)]
public sealed class EventModel(OutbreakEvents outbreaks, PortalClock clock) : PageModel
{
    [BindProperty] public DateTime? Start { get; set; }
    [BindProperty] public DateTime? End { get; set; }
    [BindProperty] public int? Severity { get; set; }
    [BindProperty] public string? Reason { get; set; }

    public OutbreakEvent Event { get; private set; } = null!;
    public List<OutbreakEventAudit> Audit { get; private set; } = [];

    public Task<IActionResult> OnGetAsync(Guid id, CancellationToken ct) => ShowAsync(id, ct);

    public async Task<IActionResult> OnPostCorrectAsync(Guid id, CancellationToken ct)
    {
        var correction = new OutbreakEvents.Correction(
            Start is { } start ? clock.FromLocal(start) : null, End is { } end ? clock.FromLocal(end) : null, Severity);
        var (result, _) = await outbreaks.CorrectAsync(id, correction, User, ct);
        if (result == OutbreakEvents.Change.Done)
        {
            TempData["Notice"] = "Correction saved.";
            return Redirect($"/portal/outbreaks/{id}");
        }
        ModelState.AddModelError(nameof(End), "The end must follow the start, within the longest allowed window and not in the future; severity 0 or more.");
        return await ShowAsync(id, ct);
    }

    public async Task<IActionResult> OnPostWithdrawAsync(Guid id, CancellationToken ct)
    {
        var (result, _) = await outbreaks.WithdrawAsync(id, Reason, User, ct);
        if (result == OutbreakEvents.Change.Done)
        {
            TempData["Notice"] = "Event withdrawn.";
            return Redirect($"/portal/outbreaks/{id}");
        }
        ModelState.AddModelError(nameof(Reason), "Give a reason of 1 to 1000 characters.");
        return await ShowAsync(id, ct);
    }

    private async Task<IActionResult> ShowAsync(Guid id, CancellationToken ct)
    {
        // Another region's event is "not found", as in the API.
        if (await outbreaks.FindAsync(id, User, ct) is not { } found)
        {
            return NotFound();
        }
        Event = found;
        Audit = await outbreaks.AuditAsync(id, User, ct) ?? [];
        return Page();
    }
}
