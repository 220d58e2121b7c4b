using System.Diagnostics;
using OpenTelemetry.Trace;

namespace Vigil.Infrastructure.Observability;

/// <summary>
/// Vigil's trace sampler. A span with a parent follows it. A request span was already chosen by
/// <see cref="RequestTracingDecision"/>; a database command or outgoing call without a parent belongs to an untraced
/// request and is dropped (traced, it would be a root of its own); other roots (MQTT CONNECTs, contacts
/// commands) are sampled at the ratio, by trace id.
/// </summary>
internal sealed class VigilSampler(double ratio) : Sampler
{
    private readonly TraceIdRatioBasedSampler _roots = new(ratio);
    private static readonly SamplingResult Sampled = new(SamplingDecision.RecordAndSample);
    private static readonly SamplingResult Dropped = new(SamplingDecision.Drop);

    public override SamplingResult ShouldSample(in SamplingParameters parameters)
    {
        if (parameters.ParentContext.TraceId != default)
        {
            return (parameters.ParentContext.TraceFlags & ActivityTraceFlags.Recorded) != 0 ? Sampled : Dropped;
        }
        return parameters.Kind switch
        {
            ActivityKind.Server when IsRequestSpan(parameters.Tags) => Sampled,
            ActivityKind.Client => Dropped,
            _ => _roots.ShouldSample(in parameters),
        };
    }

    private static bool IsRequestSpan(IEnumerable<KeyValuePair<string, object?>>? tags) =>
        tags is not null && tags.Any(tag => tag.Key == RequestTracing.MethodTag);
}
