namespace Vigil.Infrastructure.Http;

/// <summary>The COVID Alert server's plain-text answers: the text and a newline.</summary>
public static class PlainText
{
    /// <summary>Endpoint metadata: this endpoint's clients read errors as plain text, not ProblemDetails.</summary>
    public static readonly ProtocolErrors Errors = new(() => Result(StatusCodes.Status503ServiceUnavailable, "service unavailable"));

    public static IResult Result(int statusCode, string text) =>
        TypedResults.Text(text + "\n", "text/plain; charset=utf-8", statusCode: statusCode);
}
