using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Vigil.Infrastructure.Database;
using Vigil.Infrastructure.Http;
using Vigil.Infrastructure.Observability;
using Vigil.Infrastructure.Secrets;

namespace Vigil.Infrastructure;

public static class InfrastructureExtensions
{
    public const string ReadyTag = "ready";

    /// <summary>Options, data directory, clock, secrets, database, health checks, rate limits, proxies, OpenAPI.</summary>
    public static IHostApplicationBuilder AddInfrastructure(this IHostApplicationBuilder builder)
    {
        builder.AddVigilCore();
        var services = builder.Services;
        services.AddSingleton<JsonBody>();
        services.Configure<RegionOptions>(builder.Configuration.GetSection(RegionOptions.Section));
        services.AddSingleton<RegionCatalog>();
        services.AddHealthChecks().AddCheck<DatabaseReadyCheck>("database", tags: [ReadyTag]);
        services.AddVigilRateLimits(builder.Configuration);
        services.AddTrustedProxies(builder.Configuration);
        services.AddProblemDetails();
        services.AddExceptionHandler<BadRequestExceptionHandler>();
        services.AddExceptionHandler<DatabaseUnavailableHandler>();
        services.Configure<Microsoft.AspNetCore.Routing.RouteHandlerOptions>(o => o.ThrowOnBadRequest = true);
        // Bound request bodies are as strict as JsonBody: unknown fields, nulls and type mismatches are 400s.
        services.ConfigureHttpJsonOptions(json => JsonBody.MakeStrict(json.SerializerOptions));
        services.AddOpenApi(JsonBodyDocumentation.Add);
        return builder;
    }

    /// <summary>
    /// What every Vigil process needs, HTTP or not: options, data directory, clock, secrets, database, log format.
    /// A process that does not own the schema (<c>vigil broker</c>) leaves migrations to the others.
    /// </summary>
    public static IHostApplicationBuilder AddVigilCore(this IHostApplicationBuilder builder, bool ownsSchema = true)
    {
        var services = builder.Services;
        services.Configure<VigilOptions>(builder.Configuration.GetSection(VigilOptions.Section));
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton<DataDirectory>();
        services.AddSingleton<SecretStore>();
        builder.AddVigilDatabase(ownsSchema);
        services.AddSingleton<DatabaseOutage>();
        services.AddHostedService<SingleProcessorTiering>();
        services.AddHostedService<DataDirectoryAccess>();
        // JSON logs (Logging:Console:FormatterName=json) are for log pipelines: each line carries its scopes,
        // among them the request's TraceId and SpanId, and a UTC ISO-8601 timestamp.
        services.Configure<Microsoft.Extensions.Logging.Console.JsonConsoleFormatterOptions>(json =>
        {
            json.IncludeScopes = true;
            json.UseUtcTimestamp = true;
            json.TimestampFormat = "yyyy-MM-ddTHH:mm:ss.fffZ";
        });
        // An unready database is logged by DatabaseOutage once per interval; the health-check service would log every probe.
        builder.Logging.AddFilter("Microsoft.Extensions.Diagnostics.HealthChecks.DefaultHealthCheckService", LogLevel.Critical);
        return builder;
    }

    public static WebApplication UseInfrastructure(this WebApplication app)
    {
        app.UseRequestDurations();
        app.UseForwardedHeaders();
        app.UseRequestTracing();
        app.UseExceptionHandler();
        app.UseStatusCodePages();
        app.UseMiddleware<NulInQueryOrForm>();
        app.UseRouting();
        app.UseAuthentication();
        app.UseAuthorization();
        app.UseRateLimiter();
        return app;
    }

    /// <summary><c>/healthz</c> (the process answers) and <c>/readyz</c> (every check tagged <see cref="ReadyTag"/> passes).</summary>
    public static IEndpointRouteBuilder MapHealthEndpoints(this IEndpointRouteBuilder routes)
    {
        routes.MapHealthChecks("/healthz", new HealthCheckOptions { Predicate = _ => false });
        routes.MapHealthChecks("/readyz", new HealthCheckOptions { Predicate = check => check.Tags.Contains(ReadyTag), ResponseWriter = ReadinessReport.WriteAsync });
        return routes;
    }

    public static IEndpointRouteBuilder MapInfrastructure(this IEndpointRouteBuilder routes)
    {
        routes.MapHealthEndpoints();
        routes.MapGet("/services/ping", (HttpResponse response) =>
        {
            response.Headers.CacheControl = "no-store";
            return TypedResults.Text("OK\n", "text/plain");
        }).ExcludeFromDescription();
        routes.MapOpenApi();
        return routes;
    }
}
