using Vigil.SignedExports;
using Vigil.Infrastructure.Database;

namespace Vigil.Outbreaks;

/// <summary><c>GET /qr/{region}/{day}/{hmac}</c>: the day's signed outbreak list, same rules as <c>/retrieve</c>.</summary>
public static class QrRetrieveApi
{
    public static IEndpointRouteBuilder MapQrRetrieve(this IEndpointRouteBuilder routes)
    {
        routes.Map("/qr/" + DailyExportRequest.Pattern, RetrieveAsync).WithTags("Outbreaks").WithMetadata(Infrastructure.Http.PlainText.Errors);
        return routes;
    }

    private static async Task<IResult> RetrieveAsync(HttpContext context, string region, string day, string hmac, OutbreakExports exports, VigilDb db)
    {
        var (request, refusal) = DailyExportRequest.Check(context, region, day, hmac);
        return request is null
            ? refusal!
            : DailyExportRequest.Zip(context, await exports.GetAsync(db, request.Region.Mcc, request.Day, request.Today, context.RequestAborted));
    }
}
