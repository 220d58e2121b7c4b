using Microsoft.AspNetCore.Mvc.RazorPages;
using Vigil.Exposure.Metrics;
using Vigil.Identity.Auth;
using Vigil.Identity.Tokens;
using Vigil.Care;
using Vigil.Outbreaks;
using Vigil.Regions;
using Vigil.Infrastructure.Http;

namespace Vigil.Portal.Pages;

/// <summary>What the signed-in person can do, and today's numbers for their scope.</summary>
public sealed class IndexModel(
    ExposureDailyReport exposure, OutbreakEvents outbreaks, PrefectureMessages prefectures, Administrators administrators, CareSessions sessions,
    PortalClock clock, TimeProvider time) : PageModel
{
    /// <summary>A figure of today with its label in the singular (for 1) and the plural.</summary>
    public sealed record Stat(string Key, string One, string Many, int Value)
    {
        public string Label => Value == 1 ? One : Many;
    }

    public string? Region => User.FindFirst(TokenSubjects.RegionClaim)?.Value;
    public List<Stat> Stats { get; } = [];

    public async Task OnGetAsync(CancellationToken ct)
    {
        var today = DateOnly.FromDateTime(time.GetUtcNow().UtcDateTime);
        if (User.IsInRole(Roles.HealthAuthority) || User.IsInRole(Roles.SuperAdmin) || User.IsInRole(Roles.NationalAdmin))
        {
            var rows = await exposure.GetAsync(RegionScope.Of(User), today, today, ct);
            Stats.Add(new("codes-issued", "code issued today (UTC)", "codes issued today (UTC)", rows.Sum(r => r.CodesGenerated)));
            Stats.Add(new("codes-claimed", "code claimed today", "codes claimed today", rows.Sum(r => r.CodesClaimed)));
            Stats.Add(new("keys-uploaded", "key uploaded today", "keys uploaded today", rows.Sum(r => r.KeysUploaded)));
        }
        if (User.IsInRole(Roles.HealthAuthority) || User.IsInRole(Roles.SuperAdmin))
        {
            var events = await outbreaks.ListAsync(User, null, today, today, ct);
            Stats.Add(new("outbreaks-reported", "outbreak event reported today", "outbreak events reported today", events.Count));
        }
        if (User.IsInRole(Roles.SuperAdmin) || User.IsInRole(Roles.NationalAdmin) || User.IsInRole(Roles.PrefectureAdmin))
        {
            Stats.Add(new("prefectures", "prefecture in your scope", "prefectures in your scope", (await prefectures.VisibleAsync(User, ct)).Count));
            Stats.Add(new("administrators", "administrator you manage", "administrators you manage", (await administrators.ListAsync(User, Paging.First(1000), ct)).Count));
        }
        if (User.IsInRole(Roles.ClinicAdmin) || User.IsInRole(Roles.ClinicSupport) || User.IsInRole(Roles.Clinician))
        {
            // "Today" for the clinic is the portal's calendar day.
            var start = clock.FromLocal(clock.Today.ToDateTime(TimeOnly.MinValue));
            var own = User.IsInRole(Roles.Clinician) ? " on your records" : "";
            Stats.Add(new("sessions-today", "session today" + own, "sessions today" + own,
                await sessions.CountAsync(CareAccess.Of(User), start, start.AddDays(1), ct)));
        }
    }
}
