using Vigil.Infrastructure.Observability;
using Microsoft.AspNetCore.Http.HttpResults;
using Vigil.Identity.Sms;
using Vigil.Identity.Tokens;
using Vigil.Infrastructure.Http;

namespace Vigil.Identity.Phone;

/// <summary>The Operator phone-verification protocol: <c>/init</c>, <c>/verify</c>, <c>/refresh</c>.</summary>
public static class OperatorApi
{
    public sealed record InitRequest(string Phone);
    public sealed record InitResponse(string Token);
    public sealed record VerifyRequest(string Token, string Code);

    public static IEndpointRouteBuilder MapOperator(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("").WithTags("Operator");
        group.MapPost("/init", InitAsync).DocumentJsonBody<InitRequest>().RequireRateLimiting(RateLimits.Init);
        group.MapPost("/verify", VerifyAsync).DocumentJsonBody<VerifyRequest>().RequireRateLimiting(RateLimits.Verify);
        group.MapPost("/refresh", RefreshAsync).RequireRateLimiting(RateLimits.Refresh);
        return routes;
    }

    private static async Task<IResult> InitAsync(HttpRequest request, JsonBody body, PhoneVerification verification, CancellationToken ct)
    {
        var (input, error) = await body.ReadAsync<InitRequest>(request, ct);
        if (input is null)
        {
            return error!;
        }
        try
        {
            return await verification.InitAsync(input.Phone, ct) switch
            {
                PhoneVerification.InitOutcome.Sent sent => TypedResults.Ok(new InitResponse(sent.Token)),
                PhoneVerification.InitOutcome.TooMany tooMany => RateLimits.TooManyRequests(request.HttpContext, tooMany.RetryAfter,
                    "too many codes requested for this phone number; try again later"),
                _ => ErrorMessage.BadRequest("invalid phone number"),
            };
        }
        catch (SmsDeliveryException e)
        {
            return ErrorMessage.Result(e.Unavailable ? StatusCodes.Status503ServiceUnavailable : StatusCodes.Status502BadGateway,
                "could not send the verification code; try again later");
        }
    }

    private static async Task<IResult> VerifyAsync(HttpRequest request, JsonBody body, PhoneVerification verification, CancellationToken ct)
    {
        var (input, error) = await body.ReadAsync<VerifyRequest>(request, ct);
        if (input is null)
        {
            return error!;
        }
        if (input.Code.Length != 6 || !input.Code.All(char.IsAsciiDigit))
        {
            return ErrorMessage.BadRequest("code must be 6 digits");
        }
        var outcome = await verification.VerifyAsync(input.Token, input.Code, ct);
        VigilMetrics.SignIns.Add(1, new("vigil.identity.method", "phone"), new("result", outcome switch
        {
            PhoneVerification.VerifyOutcome.Verified => "success",
            PhoneVerification.VerifyOutcome.WrongCode => "wrong_code",
            _ => "unknown_session",
        }));
        return outcome switch
        {
            PhoneVerification.VerifyOutcome.Verified verified => TypedResults.Ok(verified.Tokens),
            PhoneVerification.VerifyOutcome.WrongCode wrong => ErrorMessage.BadRequest(
                wrong.AttemptsLeft > 0 ? $"wrong code; {wrong.AttemptsLeft} attempts left" : "wrong code; request a new one"),
            _ => ErrorMessage.NotFound("unknown or expired session"),
        };
    }

    private static async Task<Results<Ok<TokenPair>, JsonHttpResult<ErrorMessage>>> RefreshAsync(
        string? code, SessionTokens tokens, CancellationToken ct) =>
        code is { Length: > 0 } && await tokens.RefreshAsync(code, ct) is { } pair
            ? TypedResults.Ok(pair)
            : ErrorMessage.Unauthorized("invalid refresh token");
}
