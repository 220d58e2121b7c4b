using System.Diagnostics;
using System.Globalization;
using Microsoft.AspNetCore.Diagnostics;

namespace Vigil.Infrastructure.Observability;

/// <summary>
/// What <c>http.server.request.duration</c> needs of one finished request, taken from its context before the context
/// is reused: references and numbers only, so that taking it costs a few field reads.
/// </summary>
internal readonly record struct FinishedRequest(
    Endpoint? Endpoint, string Method, string Scheme, string Protocol, int StatusCode, string? ErrorType, long ElapsedTicks)
{
    /// <summary>The request as it ends; <paramref name="exception"/> is one that left the whole pipeline.</summary>
    public static FinishedRequest Of(HttpContext context, long startTimestamp, Exception? exception)
    {
        var elapsed = Stopwatch.GetTimestamp() - startTimestamp;
        var request = context.Request;
        var response = context.Response;
        var status = exception is null || response.HasStarted ? response.StatusCode : StatusCodes.Status500InternalServerError;
        var endpoint = context.GetEndpoint();
        string? error = null;
        if (exception is not null)
        {
            error = exception.GetType().FullName;
        }
        else if (status >= 500)
        {
            // The exception handler re-executes the request without its endpoint; what failed is in its feature.
            var handled = context.Features.Get<IExceptionHandlerFeature>();
            endpoint = handled?.Endpoint ?? endpoint;
            error = handled?.Error.GetType().FullName ?? status.ToString(CultureInfo.InvariantCulture);
        }
        return new FinishedRequest(endpoint, request.Method, request.Scheme, request.Protocol, status, error, elapsed);
    }

    public double Seconds => (double)ElapsedTicks / Stopwatch.Frequency;
}
