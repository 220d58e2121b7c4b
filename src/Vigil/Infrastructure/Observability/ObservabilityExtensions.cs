using Microsoft.AspNetCore.Server.Kestrel.Core;
using Npgsql;
using OpenTelemetry;
using OpenTelemetry.Context.Propagation;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;
using Vigil.Infrastructure.Database;
using Vigil.Infrastructure.Http;
using Vigil.Mqtt.Broker;

namespace Vigil.Infrastructure.Observability;

public static class ObservabilityExtensions
{
    /// <summary>
    /// OpenTelemetry metrics (Vigil's meter, ASP.NET Core, HttpClient, runtime, Npgsql) scraped at <c>/metrics</c> in
    /// Prometheus form. With the standard <c>OTEL_EXPORTER_OTLP_ENDPOINT</c> set, metrics and traces (HTTP requests
    /// with their database commands and outgoing calls, MQTT CONNECTs, contacts commands) are also sent there over OTLP.
    /// </summary>
    public static IHostApplicationBuilder AddObservability(this IHostApplicationBuilder builder)
    {
        var options = builder.AddTelemetry();
        if (options is { Enabled: true, Port: > 0 })
        {
            HttpUrlsInCode.AddStartupFilter(builder.Services);
            builder.Services.Configure<KestrelServerOptions>(kestrel =>
            {
                HttpUrlsInCode.EnsureBound(kestrel, builder.Configuration);
                kestrel.ListenAnyIP(options.Port);
            });
        }
        return builder;
    }

    /// <summary>
    /// The metrics and traces of <see cref="AddObservability"/> without binding any port: for a process that serves
    /// <c>/metrics</c> on <c>Vigil:Metrics:Port</c> alone (<c>vigil broker</c>). Returns the settings it read.
    /// </summary>
    public static MetricsOptions AddTelemetry(this IHostApplicationBuilder builder)
    {
        var options = MetricsOptions.From(builder.Configuration);
        builder.Services.Configure<MetricsOptions>(builder.Configuration.GetSection(MetricsOptions.Section));
        if (!options.Enabled)
        {
            return options;
        }
        if (options.TraceSampleRatio is < 0 or > 1 || double.IsNaN(options.TraceSampleRatio))
        {
            throw new InvalidOperationException($"{MetricsOptions.Section}:TraceSampleRatio must be between 0 and 1 (it is {options.TraceSampleRatio}).");
        }
        builder.Services.AddSingleton<RequestDurations>();
        builder.Services.AddSingleton<Microsoft.Extensions.Diagnostics.HealthChecks.IHealthCheckPublisher, ReadinessPublisher>();
        builder.Services.Configure<Microsoft.Extensions.Diagnostics.HealthChecks.HealthCheckPublisherOptions>(publisher =>
        {
            publisher.Delay = TimeSpan.FromSeconds(1);
            publisher.Period = ReadinessPublisher.Period;
            publisher.Predicate = check => check.Tags.Contains(InfrastructureExtensions.ReadyTag);
        });
        var postgres = DatabaseProviderNames.Parse(builder.Configuration["Vigil:Database:Provider"]) == DatabaseProvider.Postgres;
        var otlp = !string.IsNullOrWhiteSpace(builder.Configuration["OTEL_EXPORTER_OTLP_ENDPOINT"]);
        var telemetry = builder.Services.AddOpenTelemetry().ConfigureResource(ServiceResource.Describe).WithMetrics(metrics =>
        {
            // ASP.NET Core's own meters, without routing's per-request match counter (bench/observability: it costs
            // more than it tells; the request duration histogram carries the route).
            metrics.AddMeter(VigilMetrics.MeterName, RequestDurations.MeterName, "Microsoft.AspNetCore.Hosting", "Microsoft.AspNetCore.Server.Kestrel",
                    "Microsoft.AspNetCore.Diagnostics", "Microsoft.AspNetCore.RateLimiting")
                .AddHttpClientInstrumentation().AddRuntimeInstrumentation().AddPrometheusExporter()
                .AddView(MetricStreamLimits.For(options));
            if (postgres)
            {
                metrics.AddNpgsqlInstrumentation();
            }
            if (otlp && ExportsMetricsOverOtlp(builder.Configuration["OTEL_METRICS_EXPORTER"]))
            {
                metrics.AddOtlpExporter();
            }
        });
        if (otlp)
        {
            // W3C trace context only: a caller's baggage header is not taken in, so it never rides along on Vigil's
            // own outgoing calls (the SMS provider, …).
            Sdk.SetDefaultTextMapPropagator(new TraceContextPropagator());
            var standardSampler = builder.Configuration["OTEL_TRACES_SAMPLER"] is { Length: > 0 } sampler ? sampler : null;
            builder.Services.AddSingleton(new RequestTracingDecision(standardSampler is null ? options.TraceSampleRatio : null));
            telemetry.WithTracing(tracing =>
            {
                tracing.AddSource(RequestTracing.SourceName, VigilActivities.SourceName, MqttBrokerTelemetry.SourceName)
                    .AddHttpClientInstrumentation();
                // One span per command: Npgsql's own on PostgreSQL (raw and EF commands alike), EF Core's on SQLite.
                _ = postgres ? tracing.AddNpgsql() : tracing.AddEntityFrameworkCoreInstrumentation();
                if (standardSampler is null)
                {
                    tracing.SetSampler(new VigilSampler(options.TraceSampleRatio));
                }
                tracing.AddOtlpExporter();
            });
        }
        return options;
    }

    /// <summary>
    /// The standard <c>OTEL_METRICS_EXPORTER</c> (a comma-separated list; unset means <c>otlp</c>). <c>/metrics</c> is
    /// served whatever it says; leaving <c>otlp</c> out spares a node that is scraped a second aggregation of every
    /// measurement (the SDK keeps one per reader).
    /// </summary>
    internal static bool ExportsMetricsOverOtlp(string? exporters) =>
        string.IsNullOrWhiteSpace(exporters)
        || exporters.Split(',', StringSplitOptions.TrimEntries).Contains("otlp", StringComparer.OrdinalIgnoreCase);

    /// <summary><c>http.server.request.duration</c> for every request (with metrics on), timed from the front of the pipeline.</summary>
    public static WebApplication UseRequestDurations(this WebApplication app)
    {
        if (app.Services.GetService<RequestDurations>() is not null)
        {
            app.UseMiddleware<RequestDurationMiddleware>();
        }
        return app;
    }

    /// <summary>A span for each traced request (with OTLP on), outside everything that may end it early.</summary>
    public static WebApplication UseRequestTracing(this WebApplication app)
    {
        if (app.Services.GetService<RequestTracingDecision>() is not null)
        {
            app.UseMiddleware<RequestTracing>();
        }
        return app;
    }

    /// <summary><c>/metrics</c>, answered to loopback and the configured networks only (404 to everyone else).</summary>
    public static WebApplication UseObservability(this WebApplication app)
    {
        var options = MetricsOptions.From(app.Configuration);
        if (!options.Enabled)
        {
            return app;
        }
        VigilMetrics.ObserveDataDirectory(app.Services.GetRequiredService<DataDirectory>().Path);
        var endpoint = new MetricsEndpoint(options);
        var durations = app.Services.GetRequiredService<RequestDurations>();
        app.Use((context, next) =>
        {
            if (!endpoint.Admits(context, out var metrics))
            {
                return NotFound(context);
            }
            if (metrics)
            {
                // A scrape shows every request that finished before it.
                durations.RecordPending();
            }
            return next(context);
        });
        app.UseOpenTelemetryPrometheusScrapingEndpoint(MetricsEndpoint.Path);
        return app;
    }

    private static Task NotFound(HttpContext context)
    {
        context.Response.StatusCode = StatusCodes.Status404NotFound;
        return Task.CompletedTask;
    }
}
