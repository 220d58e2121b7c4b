namespace Vigil.Outbreaks;

public static class OutbreaksExtensions
{
    /// <summary>QR venue outbreak events: submission, staff corrections, signed daily exports, retention.</summary>
    public static IHostApplicationBuilder AddOutbreaks(this IHostApplicationBuilder builder)
    {
        builder.Services.Configure<OutbreakOptions>(builder.Configuration.GetSection(OutbreakOptions.Section));
        builder.Services.AddSingleton<OutbreakExports>();
        builder.Services.AddScoped<OutbreakRetention>();
        builder.Services.AddScoped<OutbreakEvents>();
        builder.Services.AddHostedService<OutbreakRetentionJob>();
        return builder;
    }

    public static IEndpointRouteBuilder MapOutbreaks(this IEndpointRouteBuilder routes) =>
        routes.MapNewEvent().MapQrRetrieve().MapOutbreakStaff();
}
