namespace Vigil.Infrastructure.Observability;

/// <summary>Settings under <c>Vigil:Metrics</c>.</summary>
public sealed class MetricsOptions
{
    public const string Section = "Vigil:Metrics";

    /// <summary>The settings as configured, defaults where none are.</summary>
    public static MetricsOptions From(IConfiguration configuration) =>
        configuration.GetSection(Section).Get<MetricsOptions>() ?? new MetricsOptions();

    /// <summary>Turns metrics (and the <c>/metrics</c> endpoint) and tracing off.</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>Networks besides loopback allowed to scrape <c>/metrics</c>, in CIDR form (for example <c>10.0.0.0/8</c>).</summary>
    public List<string> AllowedNetworks { get; set; } = [];

    /// <summary>
    /// A port of its own for <c>/metrics</c> (with <c>/healthz</c> and <c>/readyz</c>), on every interface; the HTTP
    /// ports then answer <c>/metrics</c> with 404. 0: <c>/metrics</c> is served on the HTTP ports.
    /// </summary>
    public int Port { get; set; }

    /// <summary>
    /// With OTLP on, the share of new traces that are recorded and exported (a trace the caller sampled is always
    /// followed). The standard <c>OTEL_TRACES_SAMPLER</c>, when set, replaces this sampler. One in a hundred by
    /// default: at one in ten, a node serving ~20 µs requests lost 5–8 % of its throughput (docs/benchmarks.md).
    /// </summary>
    public double TraceSampleRatio { get; set; } = 0.01;

    /// <summary>
    /// ASP.NET Core's <c>http.server.active_requests</c>: two more measurements on every request, for a figure the
    /// request-duration histogram's rate and latency mostly tell; off by default (docs/benchmarks.md).
    /// </summary>
    public bool ActiveRequests { get; set; }
}
