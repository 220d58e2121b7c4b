using System.Security.Claims;
using Vigil.Identity.Auth;

namespace Vigil.Portal;

/// <summary>
/// Which portal sections a person is offered. Only a convenience: every page checks its own policy on
/// the server, whatever links are shown.
/// </summary>
public static class PortalNavigation
{
    public sealed record Link(string Href, string Text, string Description);

    private static readonly (Link Link, string[] Roles)[] Sections =
    [
        (new("/portal/exposure", "Exposure", "Issue one-time codes for patients and follow the region's daily numbers."),
            [Roles.HealthAuthority, Roles.SuperAdmin, Roles.NationalAdmin]),
        (new("/portal/outbreaks", "Outbreaks", "Report venue outbreak events, correct or withdraw them."), [Roles.HealthAuthority, Roles.SuperAdmin]),
        (new("/portal/regions", "Regions", "Edit prefecture messages and manage administrators."),
            [Roles.SuperAdmin, Roles.NationalAdmin, Roles.PrefectureAdmin]),
        (new("/portal/keys", "Keys", "Create, list and revoke API keys and handler keys."), [Roles.SuperAdmin]),
        (new("/portal/clinic", "Clinic", "Patients, case records and sessions."), [Roles.ClinicAdmin, Roles.ClinicSupport, Roles.Clinician]),
        (new("/portal/clinic/reports", "Reports", "The clinic's KPI reports."), [Roles.ClinicAdmin, Roles.ClinicSupport]),
    ];

    public static IEnumerable<Link> For(ClaimsPrincipal user) =>
        Sections.Where(s => s.Roles.Any(user.IsInRole)).Select(s => s.Link);
}
