using System.Net;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;

namespace Vigil.Infrastructure.Observability;

public static class ObservabilityExtensions
{
    public const string MetricsPath = "/metrics";

    /// <summary>
    /// OpenTelemetry metrics (Vigil's meter, ASP.NET Core, runtime) scraped at <c>/metrics</c> in Prometheus form; with
    /// the standard <c>OTEL_EXPORTER_OTLP_ENDPOINT</c> set, metrics and traces are also sent there over OTLP.
    /// </summary>
    public static IHostApplicationBuilder AddObservability(this IHostApplicationBuilder builder)
    {
        var options = builder.Configuration.GetSection(MetricsOptions.Section).Get<MetricsOptions>() ?? new MetricsOptions();
        builder.Services.Configure<MetricsOptions>(builder.Configuration.GetSection(MetricsOptions.Section));
        if (!options.Enabled)
        {
            return builder;
        }
        var otlp = !string.IsNullOrWhiteSpace(builder.Configuration["OTEL_EXPORTER_OTLP_ENDPOINT"]);
        var telemetry = builder.Services.AddOpenTelemetry().WithMetrics(metrics =>
        {
            metrics.AddMeter(VigilMetrics.MeterName).AddAspNetCoreInstrumentation().AddRuntimeInstrumentation().AddPrometheusExporter();
            if (otlp)
            {
                metrics.AddOtlpExporter();
            }
        });
        if (otlp)
        {
            telemetry.WithTracing(tracing => tracing.AddAspNetCoreInstrumentation().AddOtlpExporter());
        }
        return builder;
    }

    /// <summary><c>/metrics</c>, answered to loopback and the configured networks only (404 to everyone else).</summary>
    public static WebApplication UseObservability(this WebApplication app)
    {
        var options = app.Configuration.GetSection(MetricsOptions.Section).Get<MetricsOptions>() ?? new MetricsOptions();
        if (!options.Enabled)
        {
            return app;
        }
        VigilMetrics.ObserveDataDirectory(app.Services.GetRequiredService<DataDirectory>().Path);
        var networks = options.AllowedNetworks.Select(n => IPNetwork.TryParse(n, out var network)
            ? network
            : throw new InvalidOperationException($"Vigil:Metrics:AllowedNetworks '{n}' is not a network in CIDR form (e.g. 10.0.0.0/8).")).ToList();
        app.UseWhen(context => context.Request.Path.StartsWithSegments(MetricsPath), branch => branch.Use((context, next) =>
        {
            var peer = context.Connection.RemoteIpAddress is { IsIPv4MappedToIPv6: true } mapped ? mapped.MapToIPv4() : context.Connection.RemoteIpAddress;
            if (peer is null || !(IPAddress.IsLoopback(peer) || networks.Any(n => n.Contains(peer))))
            {
                context.Response.StatusCode = StatusCodes.Status404NotFound;
                return Task.CompletedTask;
            }
            return next(context);
        }));
        app.UseOpenTelemetryPrometheusScrapingEndpoint(MetricsPath);
        return app;
    }
}
