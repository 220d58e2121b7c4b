using Vigil.Identity.Auth;

namespace Vigil.Care;

public static class CareExtensions
{
    /// <summary>Clinic case management: staff, patients, records, sessions, catalogues and KPI reports.</summary>
    public static IHostApplicationBuilder AddCare(this IHostApplicationBuilder builder)
    {
        builder.Services.Configure<CareOptions>(builder.Configuration.GetSection(CareOptions.Section));
        builder.Services.AddScoped<CareReports>();
        builder.Services.AddScoped<CarePatients>();
        builder.Services.AddScoped<CaseRecords>();
        builder.Services.AddScoped<CareSessions>();
        builder.Services.AddScoped<ClinicStaffDirectory>();
        return builder;
    }

    public static IEndpointRouteBuilder MapCare(this IEndpointRouteBuilder routes)
    {
        routes.MapGroup("/care").WithTags("Care").RequireAuthorization(Policies.Clinic)
            .MapPatients().MapSessions().MapCatalogAndStaff().MapCareReports();
        return routes;
    }
}
