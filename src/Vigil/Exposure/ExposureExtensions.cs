using Vigil.Exposure.Claims;
using Vigil.Exposure.Jobs;
using Vigil.Exposure.Mamori;
using Vigil.Exposure.Metrics;
using Vigil.Exposure.Retrieval;
using Vigil.Exposure.Upload;
using Vigil.SignedExports;

namespace Vigil.Exposure;

public static class ExposureExtensions
{
    /// <summary>The COVID Alert key server: codes, claims, encrypted uploads, signed exports, retention.</summary>
    public static IHostApplicationBuilder AddExposure(this IHostApplicationBuilder builder)
    {
        var services = builder.Services;
        services.Configure<ExposureOptions>(builder.Configuration.GetSection(ExposureOptions.Section));
        services.AddSingleton<OneTimeCodes>();
        services.AddSingleton<KeypairProtector>();
        services.AddScoped<KeyClaimIssuer>();
        services.AddScoped<KeyClaimer>();
        services.AddScoped<ClaimBans>();
        services.AddScoped<KeyUploader>();
        services.AddScoped<ExportBuilder>();
        services.AddScoped<DiagnosisKeyStore>();
        services.AddSingleton<KeyExports>();
        services.AddScoped<ExposureRetention>();
        services.AddScoped<ExposureMetricsFolder>();
        services.AddScoped<ExposureDailyReport>();
        services.AddHostedService<ExposureSecretsAtStartup>();
        services.AddHostedService<ExposureRetentionJob>();

        services.Configure<MamoriOptions>(builder.Configuration.GetSection(MamoriOptions.Section));
        services.AddSingleton<PositivesFeed>();
        services.AddScoped<PendingReportValidation>();
        services.AddScoped<OneTimeCodeTokenValidator>();
        services.AddHttpClient<HttpTokenValidator>(http => http.Timeout = TimeSpan.FromSeconds(15));
        services.AddScoped<IHealthCenterTokenValidator>(sp =>
            sp.GetRequiredService<Microsoft.Extensions.Options.IOptions<MamoriOptions>>().Value.Validator.Trim().ToLowerInvariant() switch
            {
                "vigil" or "" => sp.GetRequiredService<OneTimeCodeTokenValidator>(),
                "http" => sp.GetRequiredService<HttpTokenValidator>(),
                var other => throw new InvalidOperationException($"Vigil:Exposure:Mamori:Validator '{other}' is not known; use 'vigil' or 'http'."),
            });
        services.AddHostedService<PendingReportValidationJob>();
        services.AddHostedService<PositivesFeedJob>();
        return builder;
    }

    public static IEndpointRouteBuilder MapExposure(this IEndpointRouteBuilder routes)
    {
        routes.MapNewKeyClaim().MapClaimKey().MapUpload().MapRetrieve().MapExposureMetrics().MapMamori();
        routes.MapGet("/exposure/export-public-key.pem", (ExportSigner signer) =>
            TypedResults.Text(signer.PublicKeyPem + "\n", "application/x-pem-file")).WithTags("Exposure");
        routes.MapGet("/services/present", () => TypedResults.NoContent()).ExcludeFromDescription();
        return routes;
    }
}
