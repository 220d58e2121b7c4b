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
            ProblemDetails = { Status = bad.StatusCode, Title = "Invalid request", Detail = Detail(bad) },
        });
    }

    /// <summary>What the client must change, in its terms: the framework's own messages name .NET types and parameters.</summary>
    private static string Detail(BadHttpRequestException bad) => bad switch
    {
        { InnerException: System.Text.Json.JsonException json } => JsonProblems.Describe(json),
        { StatusCode: StatusCodes.Status415UnsupportedMediaType } => "send the body as application/json",
        { StatusCode: StatusCodes.Status413PayloadTooLarge } => "the request body is too large",
        _ when bad.Message.Contains("required", StringComparison.OrdinalIgnoreCase) => "a required parameter or body is missing",
        _ => "a parameter does not have the expected type or format",
    };
}
