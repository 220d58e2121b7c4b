using Microsoft.AspNetCore.Http.HttpResults;

namespace Vigil.Infrastructure.Http;

/// <summary>The <c>{"message": "…"}</c> error body the Operator and Mamori protocols use.</summary>
public sealed record ErrorMessage(string Message)
{
    public static JsonHttpResult<ErrorMessage> Result(int statusCode, string message) =>
        TypedResults.Json(new ErrorMessage(message), statusCode: statusCode, contentType: "application/json");

    public static JsonHttpResult<ErrorMessage> BadRequest(string message) => Result(StatusCodes.Status400BadRequest, message);

    public static JsonHttpResult<ErrorMessage> Unauthorized(string message) => Result(StatusCodes.Status401Unauthorized, message);

    public static JsonHttpResult<ErrorMessage> NotFound(string message) => Result(StatusCodes.Status404NotFound, message);
}
