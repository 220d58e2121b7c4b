using Vigil.SignedExports;

namespace Vigil.Exposure.Retrieval;

/// <summary><c>GET /retrieve/{region}/{day}/{hmac}</c>: signed daily export zips for every app, meant to sit behind a CDN.</summary>
public static class RetrieveApi
{
    public static IEndpointRouteBuilder MapRetrieve(this IEndpointRouteBuilder routes)
    {
        routes.Map("/retrieve/" + DailyExportRequest.Pattern, RetrieveAsync).WithTags("Exposure").WithMetadata(Infrastructure.Http.PlainText.Errors);
        return routes;
    }

    private static async Task<IResult> RetrieveAsync(HttpContext context, string region, string day, string hmac, KeyExports exports)
    {
        var (request, refusal) = DailyExportRequest.Check(context, region, day, hmac);
        return request is null ? refusal! : DailyExportRequest.Zip(context, await exports.GetAsync(request, context.RequestAborted));
    }
}
