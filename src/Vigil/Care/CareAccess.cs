using System.Security.Claims;
using Vigil.Identity.Auth;

namespace Vigil.Care;

/// <summary>Who the caller is in the clinic. Clinicians' visibility is applied in the queries themselves.</summary>
public sealed record CareAccess(Guid StaffId, bool Admin, bool Support, bool Clinician)
{
    public static CareAccess Of(ClaimsPrincipal user) => new(
        Guid.TryParse(user.FindFirst("sub")?.Value, out var id) ? id : Guid.Empty,
        user.IsInRole(Roles.ClinicAdmin), user.IsInRole(Roles.ClinicSupport), user.IsInRole(Roles.Clinician));

    /// <summary>Admins and support see every patient; a clinician only those with an open record assigned to them.</summary>
    public bool SeesAll => Admin || Support;

    public IQueryable<Patient> Visible(IQueryable<Patient> patients, IQueryable<CareRecord> records) =>
        SeesAll ? patients : patients.Where(p => records.Any(r => r.PatientId == p.Id && r.Open && r.ClinicianId == StaffId));

    public IQueryable<CareRecord> Visible(IQueryable<CareRecord> records) =>
        SeesAll ? records : records.Where(r => r.Open && r.ClinicianId == StaffId);
}
