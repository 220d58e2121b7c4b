using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Vigil.Identity.Auth;
using Vigil.Identity.Tokens;
using Vigil.Outbreaks;
using static Vigil.Outbreaks.Protocol.OutbreakEventResponse.Types;

namespace Vigil.Portal.Pages.Outbreaks;

/// <summary>Health-authority staff report venue outbreak events for their region and see the region's list.</summary>
[Authorize(Policy = Policies.HealthAuthority)]
public sealed class IndexModel(OutbreakEvents outbreaks, PortalClock clock) : PageModel
{
    [BindProperty] public string LocationId { get; set; } = "";
    [BindProperty] public DateTime? Start { get; set; }
    [BindProperty] public DateTime? End { get; set; }
    [BindProperty] public long Severity { get; set; } = 1;

    public string? Region => User.FindFirst(TokenSubjects.RegionClaim)?.Value;
    public string StartInput => Start?.ToString("yyyy-MM-ddTHH:mm", System.Globalization.CultureInfo.InvariantCulture) ?? "";
    public string EndInput => End?.ToString("yyyy-MM-ddTHH:mm", System.Globalization.CultureInfo.InvariantCulture) ?? "";
    public List<OutbreakEvent> Events { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken ct) => Events = await outbreaks.ListAsync(User, null, null, null, ct);

    public async Task<IActionResult> OnPostSubmitAsync(CancellationToken ct)
    {
        if (!ModelState.IsValid)
        {
            // A field the browser let through but that does not parse (the messages are next to it).
        }
        else if (Region is not { } region)
        {
            ModelState.AddModelError("", "Your account is not bound to a region, so it cannot report events.");
        }
        else
        {
            var reporter = new OutbreakEvents.Reporter(User.StaffId(), region, User.StaffId().ToString());
            var (error, _) = await outbreaks.SubmitAsync(reporter, LocationId.Trim(),
                Start is { } start ? clock.FromLocal(start) : null, End is { } end ? clock.FromLocal(end) : null, Severity, ct);
            if (error == ErrorCode.None)
            {
                TempData["Notice"] = $"Event at {LocationId.Trim()} reported.";
                return Redirect("/portal/outbreaks");
            }
            AddError(error);
        }
        await OnGetAsync(ct);
        return Page();
    }

    private void AddError(ErrorCode error)
    {
        switch (error)
        {
            case ErrorCode.InvalidId:
                ModelState.AddModelError(nameof(LocationId), "A location id is 8 letters or digits, or a UUID.");
                break;
            case ErrorCode.MissingTimestamp:
                ModelState.AddModelError(nameof(Start), "Give the start and the end.");
                break;
            case ErrorCode.PeriodInvalid:
                ModelState.AddModelError(nameof(End), "The end must follow the start, within the longest allowed window, not too long ago and not in the future.");
                break;
            case ErrorCode.Unknown:
                ModelState.AddModelError(nameof(Severity), "Severity is a whole number, 0 or more.");
                break;
            default:
                ModelState.AddModelError("", "The event could not be stored; try again.");
                break;
        }
    }
}
