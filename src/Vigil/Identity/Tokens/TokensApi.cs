using System.Security.Claims;
using Microsoft.Extensions.Options;
using Vigil.Infrastructure;
using Vigil.Infrastructure.Http;

namespace Vigil.Identity.Tokens;

/// <summary>Key discovery, refresh in JSON form, and "who am I".</summary>
public static class TokensApi
{
    public sealed record RefreshRequest(string Refresh);
    public sealed record Me(string Subject, string[] Roles, Dictionary<string, string> Claims);

    public static IEndpointRouteBuilder MapTokens(this IEndpointRouteBuilder routes)
    {
        routes.MapGet("/.well-known/jwks.json", (SigningKeyStore keys) =>
            TypedResults.Json(new { keys = keys.Published.Select(k => k.ToPublicJwk()) })).WithTags("Tokens");
        routes.MapGet("/.well-known/openid-configuration", Discovery).WithTags("Tokens");
        routes.MapPost("/auth/refresh", RefreshAsync).DocumentJsonBody<RefreshRequest>().WithTags("Tokens").RequireRateLimiting(RateLimits.Refresh);
        routes.MapGet("/auth/me", (ClaimsPrincipal user) => TypedResults.Ok(new Me(
                user.FindFirst("sub")?.Value ?? "",
                user.FindAll("role").Select(c => c.Value).ToArray(),
                user.Claims.Where(c => c.Type is not ("role" or "sub")).GroupBy(c => c.Type).ToDictionary(g => g.Key, g => g.First().Value))))
            .WithTags("Tokens").RequireAuthorization();
        return routes;
    }

    private static IResult Discovery(HttpRequest request, IOptions<TokenOptions> tokens, IOptions<VigilOptions> vigil)
    {
        var baseUrl = (vigil.Value.PublicUrl ?? $"{request.Scheme}://{request.Host}{request.PathBase}").TrimEnd('/');
        return TypedResults.Json(new
        {
            issuer = tokens.Value.Issuer,
            jwks_uri = baseUrl + "/.well-known/jwks.json",
            id_token_signing_alg_values_supported = new[] { "ES256" },
            token_endpoint = baseUrl + OAuthTokenApi.Path,
            grant_types_supported = new[] { "refresh_token" },
            token_endpoint_auth_methods_supported = new[] { "none" },
            subject_types_supported = new[] { "public" },
        });
    }

    private static async Task<IResult> RefreshAsync(HttpRequest request, JsonBody body, SessionTokens tokens, CancellationToken ct)
    {
        var (input, error) = await body.ReadAsync<RefreshRequest>(request, ct);
        if (input is null)
        {
            return error!;
        }
        return await tokens.RefreshAsync(input.Refresh, ct) is { } pair
            ? TypedResults.Ok(pair)
            : ErrorMessage.Unauthorized("invalid refresh token");
    }
}
