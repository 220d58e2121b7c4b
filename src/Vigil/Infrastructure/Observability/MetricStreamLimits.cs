using System.Diagnostics.Metrics;
using OpenTelemetry.Metrics;

namespace Vigil.Infrastructure.Observability;

/// <summary>
/// How many label combinations each metric keeps. The SDK's default of 2,000 is allocated up front for every
/// stream: about 10 MiB of an idle node's 19 MiB managed heap (dotnet-gcdump, docs/benchmarks.md). Vigil's labels
/// are few by design (never a user, phone, token or key), so 100 is ample; the request-duration histogram, by
/// route × method × status, gets more. Combinations beyond the limit are counted together, flagged
/// <c>otel.metric.overflow</c>, rather than dropped. Instruments left out (<see cref="MetricsOptions.ActiveRequests"/>,
/// and ASP.NET Core's request-duration histogram, which <see cref="RequestDurations"/> replaces) get no stream at all,
/// so their measurements are not even taken.
/// </summary>
internal static class MetricStreamLimits
{
    public const int Default = 100;
    public const int RequestDuration = 1000;

    public const string ActiveRequests = "http.server.active_requests";

    public static Func<Instrument, MetricStreamConfiguration?> For(MetricsOptions options) => instrument =>
        (instrument.Name == ActiveRequests && !options.ActiveRequests) || IsHostingRequestDuration(instrument)
            ? MetricStreamConfiguration.Drop
            : new MetricStreamConfiguration { CardinalityLimit = instrument.Name == RequestDurations.InstrumentName ? RequestDuration : Default };

    /// <summary>ASP.NET Core's own request-duration histogram: <see cref="RequestDurations"/> records it in its place.</summary>
    private static bool IsHostingRequestDuration(Instrument instrument) =>
        instrument.Name == RequestDurations.InstrumentName && instrument.Meter.Name == "Microsoft.AspNetCore.Hosting";
}
