namespace Vigil.Regions;

public static class RegionsExtensions
{
    /// <summary>App profiles, prefecture messages and the administrator hierarchy.</summary>
    public static IHostApplicationBuilder AddRegions(this IHostApplicationBuilder builder)
    {
        builder.Services.AddScoped<PrefectureMessages>();
        builder.Services.AddScoped<Administrators>();
        return builder;
    }

    public static IEndpointRouteBuilder MapRegions(this IEndpointRouteBuilder routes) =>
        routes.MapAppProfile().MapAdminUsers().MapAdminPrefectures().MapAdminAudit();
}
