using System.Diagnostics;

namespace Vigil.Infrastructure.Observability;

/// <summary>
/// A server span per HTTP request, started only for the requests that are traced: a share of new traces
/// (<see cref="MetricsOptions.TraceSampleRatio"/>) and every request whose caller sent a sampled W3C
/// <c>traceparent</c>. ASP.NET Core's own request activity (what the OpenTelemetry instrumentation records) is made
/// for every request once anything listens to it, traced or not, and cost a ~20 µs request 5–10 % of its
/// throughput at one trace in ten (bench/observability); an untraced request here costs one header look-up.
/// </summary>
internal sealed class RequestTracing(RequestDelegate next, RequestTracingDecision decision)
{
    public const string SourceName = "Vigil.Http";
    public const string MethodTag = "http.request.method";

    private static readonly ActivitySource Source = new(SourceName);

    // Not async itself: an untraced request (most of them) passes straight through, without a state machine.
    public Task InvokeAsync(HttpContext context)
    {
        var request = context.Request;
        return MetricsEndpoint.IsMetricsPath(request.Path) || !decision.Traces(request, out var parent)
            ? next(context)
            : TracedAsync(context, parent);
    }

    private async Task TracedAsync(HttpContext context, ActivityContext parent)
    {
        var request = context.Request;
        if (parent == default)
        {
            // ASP.NET Core gives every request an activity of its own for log scopes (never recorded); a new trace
            // must not hang under it.
            Activity.Current = null;
        }
        using var activity = Source.StartActivity(ActivityKind.Server, parent, [new(MethodTag, request.Method)], name: request.Method);
        if (activity is null)
        {
            await next(context);
            return;
        }
        if (activity.IsAllDataRequested)
        {
            activity.SetTag("url.scheme", request.Scheme);
            activity.SetTag("url.path", request.Path.Value);
            activity.SetTag("server.address", request.Host.Host);
            activity.SetTag("network.protocol.version", HttpServerAttributes.ProtocolVersion(request.Protocol));
        }
        try
        {
            await next(context);
        }
        catch (Exception e)
        {
            activity.SetTag("error.type", e.GetType().FullName);
            activity.SetStatus(ActivityStatusCode.Error);
            throw;
        }
        finally
        {
            var status = context.Response.StatusCode;
            var route = HttpServerAttributes.Route(context.GetEndpoint());
            activity.DisplayName = route is null ? request.Method : $"{request.Method} {route}";
            activity.SetTag("http.route", route);
            activity.SetTag("http.response.status_code", status);
            if (status >= 500)
            {
                activity.SetTag("error.type", status.ToString(System.Globalization.CultureInfo.InvariantCulture));
                activity.SetStatus(ActivityStatusCode.Error);
            }
        }
    }
}
