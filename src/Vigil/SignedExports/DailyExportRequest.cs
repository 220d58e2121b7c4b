using System.Globalization;
using Microsoft.Extensions.Options;
using Vigil.Infrastructure.Http;
using Vigil.Infrastructure;

namespace Vigil.SignedExports;

/// <summary>
/// The checks every signed daily download shares (<c>/retrieve</c>, <c>/qr</c>): the HMAC first, then
/// the method, the region and the day rules (tomorrow 404, older than 14 days 410, <c>00000</c> the bundle).
/// </summary>
public static class DailyExportRequest
{
    public const string CacheControl = "public, max-age=3600, max-stale=600";

    /// <summary>Three digits, five digits, 64 hex characters; anything else is simply not this route (404).</summary>
    public const string Pattern = "{region:regex(^\\d{{3}}$)}/{day:regex(^\\d{{5}}$)}/{hmac:regex(^[0-9a-fA-F]{{64}}$)}";

    public sealed record Accepted(ExportRegion Region, int Day, int Today);

    /// <summary>Either the accepted request or the plain-text refusal to send.</summary>
    public static (Accepted? Request, IResult? Refusal) Check(HttpContext context, string region, string day, string hmac)
    {
        var services = context.RequestServices;
        if (!services.GetRequiredService<RetrievalHmac>().IsValid(region, day, hmac))
        {
            return (null, PlainText.Result(StatusCodes.Status401Unauthorized, "unauthorized"));
        }
        if (!HttpMethods.IsGet(context.Request.Method))
        {
            return (null, PlainText.Result(StatusCodes.Status405MethodNotAllowed, "method not allowed"));
        }
        if (services.GetRequiredService<IOptions<SignedExportOptions>>().Value.FindRegion(region) is not { } exportRegion)
        {
            return (null, PlainText.Result(StatusCodes.Status404NotFound, "unknown region"));
        }
        var today = UnixDay.Of(services.GetRequiredService<TimeProvider>().GetUtcNow()).Number;
        var requested = int.Parse(day, CultureInfo.InvariantCulture);
        if (requested > today)
        {
            return (null, PlainText.Result(StatusCodes.Status404NotFound, "cannot request future data"));
        }
        if (requested != 0 && requested < today - UnixDay.KeyValidityDays)
        {
            return (null, PlainText.Result(StatusCodes.Status410Gone, "requested data no longer valid"));
        }
        return (new Accepted(exportRegion, requested, today), null);
    }

    /// <summary>The zip with the cache headers CDNs and apps expect.</summary>
    public static IResult Zip(HttpContext context, byte[] zip)
    {
        context.Response.Headers.CacheControl = CacheControl;
        return TypedResults.Bytes(zip, "application/zip");
    }
}
