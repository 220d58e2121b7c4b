using Microsoft.AspNetCore.Diagnostics;
using Vigil.Infrastructure.Database;

namespace Vigil.Infrastructure.Http;

/// <summary>
/// A request that failed because the database is unreachable answers 503 with Retry-After in ProblemDetails
/// form, and the outage is logged once per interval rather than once per request with a stack trace.
/// </summary>
internal sealed class DatabaseUnavailableHandler(IProblemDetailsService problemDetails, DatabaseOutage outage) : IExceptionHandler
{
    public const int RetryAfterSeconds = 5;

    public async ValueTask<bool> TryHandleAsync(HttpContext context, Exception exception, CancellationToken cancellationToken)
    {
        if (!outage.Report(exception))
        {
            return false;
        }
        context.Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
        context.Response.Headers.RetryAfter = RetryAfterSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
        // The middleware has cleared the request's endpoint by now; the feature keeps the one that failed.
        if (context.Features.Get<IExceptionHandlerFeature>()?.Endpoint?.Metadata.GetMetadata<ProtocolErrors>() is { } protocol)
        {
            await protocol.Unavailable().ExecuteAsync(context);
            return true;
        }
        return await problemDetails.TryWriteAsync(new ProblemDetailsContext
        {
            HttpContext = context,
            ProblemDetails = { Status = StatusCodes.Status503ServiceUnavailable, Title = "The database is unavailable; try again shortly" },
        });
    }
}
