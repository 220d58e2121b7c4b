using Microsoft.AspNetCore.Diagnostics;

namespace Vigil.Infrastructure.Http;

/// <summary>
/// Turns request-binding failures (malformed JSON, unknown fields, wrong types) into a ProblemDetails
/// with the status the framework chose (400, 413, 415) and its reason, in every environment.
/// </summary>
internal sealed class BadRequestExceptionHandler(IProblemDetailsService problemDetails) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext context, Exception exception, CancellationToken cancellationToken)
    {
        if (exception is not BadHttpRequestException bad)
        {
            return false;
        }
        context.Response.StatusCode = bad.StatusCode;
        return await problemDetails.TryWriteAsync(new ProblemDetailsContext
        {
            HttpContext = context,
            Exception = exception,
            ProblemDetails = { Status = bad.StatusCode, Title = "Invalid request", Detail = bad.InnerException?.Message ?? bad.Message },
        });
    }
}
