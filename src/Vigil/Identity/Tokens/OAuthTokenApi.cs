using System.Text.Json.Serialization;
using Microsoft.Extensions.Options;
using Vigil.Infrastructure.Http;

namespace Vigil.Identity.Tokens;

/// <summary>
/// <c>POST /oauth/token</c>: the OAuth 2.0 token endpoint the discovery document names, for the one grant
/// Vigil issues tokens through outside its own sign-in endpoints — <c>refresh_token</c> (RFC 6749 §6), form
/// encoded, answered and refused in that RFC's form. Rotation and reuse detection are those of <c>/auth/refresh</c>.
/// </summary>
public static class OAuthTokenApi
{
    public const string Path = "/oauth/token";

    public sealed record TokenResponse(
        [property: JsonPropertyName("access_token")] string AccessToken,
        [property: JsonPropertyName("token_type")] string TokenType,
        [property: JsonPropertyName("expires_in")] long ExpiresIn,
        [property: JsonPropertyName("refresh_token")] string RefreshToken);

    public sealed record Error([property: JsonPropertyName("error")] string Code, [property: JsonPropertyName("error_description")] string Description);

    public static IEndpointRouteBuilder MapOAuthToken(this IEndpointRouteBuilder routes)
    {
        routes.MapPost(Path, TokenAsync).WithTags("Tokens").RequireRateLimiting(RateLimits.Refresh).DisableAntiforgery();
        return routes;
    }

    private static async Task<IResult> TokenAsync(HttpContext context, SessionTokens tokens, IOptions<TokenOptions> options, CancellationToken ct)
    {
        // Token responses must never be cached (RFC 6749 §5.1).
        context.Response.Headers.CacheControl = "no-store";
        if (!string.Equals(context.Request.ContentType?.Split(';')[0].Trim(), "application/x-www-form-urlencoded", StringComparison.OrdinalIgnoreCase))
        {
            return Refuse("invalid_request", "send application/x-www-form-urlencoded");
        }
        IFormCollection form;
        try
        {
            form = await context.Request.ReadFormAsync(ct);
        }
        catch (InvalidDataException)
        {
            return Refuse("invalid_request", "the form cannot be read");
        }
        if (form["grant_type"] != "refresh_token")
        {
            return Refuse("unsupported_grant_type", "only grant_type=refresh_token is supported");
        }
        if (form["refresh_token"].ToString() is not { Length: > 0 } refresh)
        {
            return Refuse("invalid_request", "refresh_token is required");
        }
        return await tokens.RefreshAsync(refresh, ct) is { } pair
            ? TypedResults.Json(new TokenResponse(pair.Token, "Bearer", (long)options.Value.AccessTokenLifetime.TotalSeconds, pair.Refresh))
            : Refuse("invalid_grant", "the refresh token is invalid, expired, used or revoked");
    }

    private static IResult Refuse(string code, string description) => TypedResults.Json(new Error(code, description), statusCode: StatusCodes.Status400BadRequest);
}
