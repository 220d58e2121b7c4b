namespace Vigil.Identity.Auth;

/// <summary>Authorization policy names the capabilities put on their endpoints.</summary>
public static class Policies
{
    public const string AppUser = "app_user";
    public const string Staff = "staff";
    public const string SuperAdmin = "super_admin";
    public const string Administrator = "administrator";
    public const string HealthAuthority = "health_authority";
    public const string Clinic = "clinic";
    public const string ExposureStaff = "exposure_staff";
    public const string NationalScope = "national_scope";

    public static void Add(Microsoft.AspNetCore.Authorization.AuthorizationOptions options)
    {
        options.AddPolicy(AppUser, p => p.RequireRole(Roles.AppUser));
        options.AddPolicy(Staff, p => p.RequireRole(Roles.Staff));
        options.AddPolicy(SuperAdmin, p => p.RequireRole(Roles.SuperAdmin));
        options.AddPolicy(Administrator, p => p.RequireRole(Roles.SuperAdmin, Roles.NationalAdmin, Roles.PrefectureAdmin));
        options.AddPolicy(HealthAuthority, p => p.RequireRole(Roles.HealthAuthority, Roles.SuperAdmin));
        options.AddPolicy(NationalScope, p => p.RequireRole(Roles.SuperAdmin, Roles.NationalAdmin));
        options.AddPolicy(ExposureStaff, p => p.RequireRole(Roles.HealthAuthority, Roles.SuperAdmin, Roles.NationalAdmin));
        options.AddPolicy(Clinic, p => p.RequireRole(Roles.ClinicAdmin, Roles.ClinicSupport, Roles.Clinician));
    }
}
