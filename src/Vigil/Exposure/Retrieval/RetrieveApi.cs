namespace Vigil.Exposure.Retrieval;

/// <summary><c>GET /retrieve/{region}/{day}/{hmac}</c>: signed daily export zips for every app, meant to sit behind a CDN.</summary>
public static class RetrieveApi
{
    public const string Kind = "keys";

    /// <summary>Three digits, five digits, 64 hex characters; anything else is simply not this route (404).</summary>
    public const string Pattern = "{region:regex(^\\d{{3}}$)}/{day:regex(^\\d{{5}}$)}/{hmac:regex(^[0-9a-fA-F]{{64}}$)}";

    public static IEndpointRouteBuilder MapRetrieve(this IEndpointRouteBuilder routes)
    {
        routes.Map("/retrieve/" + Pattern, RetrieveAsync).WithTags("Exposure").WithMetadata(Infrastructure.Http.PlainText.Errors);
        return routes;
    }

    private static async Task<IResult> RetrieveAsync(HttpContext context, string region, string day, string hmac, ExportCache exports)
    {
        var (request, refusal) = DailyExportRequest.Check(context, region, day, hmac);
        if (request is null)
        {
            return refusal!;
        }
        var zip = await exports.GetAsync(Kind, request.Region.Mcc, request.Day, request.Today, version: 0,
            async (services, from, to, ct) => (await services.GetRequiredService<ExportBuilder>().BuildAsync(request.Region, from, to, request.Today, ct)).Zip,
            context.RequestAborted);
        return DailyExportRequest.Zip(context, zip);
    }
}
