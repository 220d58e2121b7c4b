using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Options;
using Vigil.Exposure;
using Vigil.Exposure.Claims;
using Vigil.Exposure.Metrics;
using Vigil.Identity.ApiKeys;
using Vigil.Identity.Auth;
using Vigil.Identity.Tokens;

namespace Vigil.Portal.Pages.Exposure;

/// <summary>Health-authority staff issue one-time codes (as the region's issuer) and read the daily metrics.</summary>
[Authorize(Policy = Policies.ExposureStaff)]
public sealed class IndexModel(KeyClaimIssuer issuer, ExposureDailyReport report, IOptions<ExposureOptions> options, TimeProvider time, PortalClock clock)
    : PageModel
{
    public sealed record Day(string Date, int Issued, int Claimed, int Expired, int Keys);

    [BindProperty(SupportsGet = true)] public DateOnly From { get; set; }
    [BindProperty(SupportsGet = true)] public DateOnly To { get; set; }

    /// <summary>The code just issued and its expiry, shown once after the redirect that follows the POST.</summary>
    [TempData] public string? Code { get; set; }
    [TempData] public string? ExpiresAt { get; set; }
    public string? Error { get; private set; }
    public string? Region => User.FindFirst(TokenSubjects.RegionClaim)?.Value;
    public List<Day> Days { get; private set; } = [];
    public ChartData Chart { get; private set; } = new("bar", [], []);

    public Task OnGetAsync(CancellationToken ct) => LoadAsync(ct);

    /// <summary>National roles see every region's numbers but issue no codes: a code belongs to one region.</summary>
    public bool CanIssue => User.IsInRole(Roles.HealthAuthority) && Region is not null;

    public async Task<IActionResult> OnPostIssueAsync(CancellationToken ct)
    {
        if (!CanIssue)
        {
            Error = "Your account is not bound to a region, so it cannot issue codes: ask an administrator for a regional account.";
            await LoadAsync(ct);
            return Page();
        }
        // The staff member is the issuer: the code and its metrics are attributed to them, in their region.
        Code = await issuer.IssueAsync(new ApiKeyIdentity(User.StaffId(), Region!), null, ct);
        ExpiresAt = clock.Show(time.GetUtcNow() + options.Value.CodeLifetime);
        return Redirect("/portal/exposure");
    }

    private async Task LoadAsync(CancellationToken ct)
    {
        var today = DateOnly.FromDateTime(time.GetUtcNow().UtcDateTime);
        if (To == default)
        {
            To = today;
        }
        if (From == default)
        {
            From = To.AddDays(-13);
        }
        if (!ExposureDailyReport.IsValidPeriod(From, To))
        {
            ModelState.AddModelError(nameof(From), $"Choose a start on or before the end, at most {ExposureDailyReport.MaxDays} days apart.");
            (From, To) = (today.AddDays(-13), today);
        }
        var rows = await report.GetAsync(RegionScope.Of(User), From, To, ct);
        var byDate = rows.GroupBy(r => r.Date).ToDictionary(g => g.Key, g => new Day(g.Key,
            g.Sum(r => r.CodesGenerated), g.Sum(r => r.CodesClaimed), g.Sum(r => r.CodesExpired), g.Sum(r => r.KeysUploaded)));
        Days = [.. Enumerable.Range(0, To.DayNumber - From.DayNumber + 1)
            .Select(i => From.AddDays(i).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture))
            .Select(date => byDate.GetValueOrDefault(date) ?? new Day(date, 0, 0, 0, 0))];
        Chart = new ChartData("bar", [.. Days.Select(d => d.Date)],
        [
            new("Codes issued", [.. Days.Select(d => (double)d.Issued)]),
            new("Codes claimed", [.. Days.Select(d => (double)d.Claimed)]),
            new("Codes expired", [.. Days.Select(d => (double)d.Expired)]),
            new("Keys uploaded", [.. Days.Select(d => (double)d.Keys)]),
        ]);
    }
}
