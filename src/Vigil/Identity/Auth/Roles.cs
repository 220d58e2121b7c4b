namespace Vigil.Identity.Auth;

/// <summary>Role names as they appear in the <c>role</c> claim.</summary>
public static class Roles
{
    public const string AppUser = "app_user";
    public const string SuperAdmin = "super_admin";
    public const string NationalAdmin = "national_admin";
    public const string PrefectureAdmin = "prefecture_admin";
    public const string ClinicAdmin = "clinic_admin";
    public const string ClinicSupport = "clinic_support";
    public const string Clinician = "clinician";
    public const string HealthAuthority = "health_authority";

    public static readonly IReadOnlySet<string> Staff = new HashSet<string>
    {
        SuperAdmin, NationalAdmin, PrefectureAdmin, ClinicAdmin, ClinicSupport, Clinician, HealthAuthority,
    };
}
