using Microsoft.Extensions.Options;
using Vigil.Identity.ApiKeys;
using Vigil.Infrastructure.Http;

namespace Vigil.Exposure.Claims;

/// <summary>
/// <c>POST /new-key-claim[/{hashID}]</c>: a health authority's portal asks for a one-time code.
/// Plain-text answers, as the COVID Alert portal expects.
/// </summary>
public static class NewKeyClaimApi
{
    public static IEndpointRouteBuilder MapNewKeyClaim(this IEndpointRouteBuilder routes)
    {
        routes.Map("/new-key-claim", (HttpContext context, KeyClaimIssuer issuer, IOptions<ExposureOptions> options) =>
            HandleAsync(context, null, issuer, options.Value)).WithTags("Exposure").WithMetadata(PlainText.Errors);
        routes.Map("/new-key-claim/{hashId}", (HttpContext context, string hashId, KeyClaimIssuer issuer, IOptions<ExposureOptions> options) =>
            HandleAsync(context, hashId, issuer, options.Value)).WithTags("Exposure").WithMetadata(PlainText.Errors);
        return routes;
    }

    private static async Task<IResult> HandleAsync(HttpContext context, string? hashId, KeyClaimIssuer issuer, ExposureOptions options)
    {
        var response = context.Response;
        response.Headers.AccessControlAllowOrigin = options.CorsOrigin;
        if (HttpMethods.IsOptions(context.Request.Method))
        {
            response.Headers.AccessControlAllowMethods = "POST";
            response.Headers.AccessControlAllowHeaders = "Authorization, Content-Type";
            return TypedResults.Ok();
        }
        // The authentication middleware has already checked the Bearer API key; its claims name the key.
        var apiKey = ApiKeyIdentity.From(context.User);
        if (!HttpMethods.IsPost(context.Request.Method) || apiKey is null)
        {
            return PlainText.Result(StatusCodes.Status401Unauthorized, "unauthorized");
        }
        if (hashId is not null && !KeyClaimIssuer.IsValidHashId(hashId))
        {
            return PlainText.Result(StatusCodes.Status404NotFound, "not found");
        }
        var code = await issuer.IssueAsync(apiKey, hashId, context.RequestAborted);
        return code is null
            ? PlainText.Result(StatusCodes.Status403Forbidden, "forbidden")
            : PlainText.Result(StatusCodes.Status200OK, code);
    }
}
