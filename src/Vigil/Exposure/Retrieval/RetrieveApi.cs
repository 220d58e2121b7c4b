using System.Globalization;
using Microsoft.Extensions.Options;
using Vigil.Exposure.Claims;

namespace Vigil.Exposure.Retrieval;

/// <summary><c>GET /retrieve/{region}/{day}/{hmac}</c>: signed daily export zips for every app, meant to sit behind a CDN.</summary>
public static class RetrieveApi
{
    public const string CacheControl = "public, max-age=3600, max-stale=600";

    public static IEndpointRouteBuilder MapRetrieve(this IEndpointRouteBuilder routes)
    {
        routes.Map("/retrieve/{region:regex(^\\d{{3}}$)}/{day:regex(^\\d{{5}}$)}/{hmac:regex(^[0-9a-fA-F]{{64}}$)}", RetrieveAsync)
            .WithTags("Exposure");
        return routes;
    }

    private static async Task<IResult> RetrieveAsync(
        HttpContext context, string region, string day, string hmac,
        RetrievalHmac auth, ExportCache exports, IOptions<ExposureOptions> options, TimeProvider clock)
    {
        if (!auth.IsValid(region, day, hmac))
        {
            return PlainText.Result(StatusCodes.Status401Unauthorized, "unauthorized");
        }
        if (!HttpMethods.IsGet(context.Request.Method))
        {
            return PlainText.Result(StatusCodes.Status405MethodNotAllowed, "method not allowed");
        }
        if (options.Value.FindRegion(region) is not { } exportRegion)
        {
            return PlainText.Result(StatusCodes.Status404NotFound, "unknown region");
        }
        var today = (int)(clock.GetUtcNow().ToUnixTimeSeconds() / 86400);
        var requested = int.Parse(day, CultureInfo.InvariantCulture);
        if (requested > today)
        {
            return PlainText.Result(StatusCodes.Status404NotFound, "cannot request future data");
        }
        if (requested != 0 && requested < today - 14)
        {
            return PlainText.Result(StatusCodes.Status410Gone, "requested data no longer valid");
        }
        var zip = await exports.GetAsync(exportRegion, requested, today, context.RequestAborted);
        context.Response.Headers.CacheControl = CacheControl;
        return TypedResults.Bytes(zip, "application/zip");
    }
}
