using System.Diagnostics;

namespace Vigil.Infrastructure.Observability;

/// <summary>Whether a request is traced: its caller's sampled trace context, else a share of new traces.</summary>
internal sealed class RequestTracingDecision(double? ratio)
{
    /// <summary>
    /// True when the request gets a span, with the caller's context as its parent (default for a new trace).
    /// A null ratio (the standard <c>OTEL_TRACES_SAMPLER</c> is set) leaves every decision to that sampler.
    /// </summary>
    public bool Traces(HttpRequest request, out ActivityContext parent)
    {
        parent = default;
        var headers = request.Headers;
        if (headers.TryGetValue("traceparent", out var traceParent)
            && ActivityContext.TryParse(traceParent.ToString(), headers.TryGetValue("tracestate", out var state) ? state.ToString() : null, isRemote: true, out parent))
        {
            return ratio is null || (parent.TraceFlags & ActivityTraceFlags.Recorded) != 0;
        }
        return ratio is not { } share || (share > 0 && Random.Shared.NextDouble() < share);
    }
}
