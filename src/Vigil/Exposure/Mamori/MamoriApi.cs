using System.Security.Claims;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Vigil.Identity.Auth;
using Vigil.Infrastructure.Database;
using Vigil.Infrastructure.Http;

namespace Vigil.Exposure.Mamori;

/// <summary>Mamori's positive-report endpoints for logged-in app users, and the positive-ID feed.</summary>
public static class MamoriApi
{
    private const int MaxBodyBytes = 256 * 1024;
    private const int MaxIdLength = 256;
    private const int MaxWithdrawnIds = 100;

    public sealed record TempIdEntry(string TempID, long ValidFrom, long ValidTo);
    public sealed record ReportRequest(string RandomID, List<TempIdEntry> TempIDs, string HealthCenterToken);
    public sealed record RandomIdEntry(string RandomID);
    public sealed record WithdrawRequest(List<RandomIdEntry> RandomIDs);

    public static IEndpointRouteBuilder MapMamori(this IEndpointRouteBuilder routes)
    {
        var users = routes.MapGroup("/users/me").WithTags("Mamori").RequireAuthorization(Policies.AppUser);
        users.MapPost("/health_center_tokens", ReportAsync).DocumentJsonBody<ReportRequest>();
        users.MapDelete("/diagnosis_keys", WithdrawAsync).DocumentJsonBody<WithdrawRequest>();
        routes.MapGet("/positives.json.gz", FeedAsync).WithTags("Mamori").RequireAuthorization(Policies.AppUser);
        return routes;
    }

    private static async Task<IResult> ReportAsync(
        HttpContext context, JsonBody body, VigilDb db, IOptions<MamoriOptions> options, TimeProvider clock)
    {
        var (request, error) = await body.ReadAsync<ReportRequest>(context.Request, MaxBodyBytes, context.RequestAborted);
        if (request is null)
        {
            return error!;
        }
        if (Invalid(request, options.Value.MaxTempIds) is { } problem)
        {
            return ErrorMessage.BadRequest(problem);
        }
        var report = new PositiveReport
        {
            Id = Guid.NewGuid(),
            UserId = UserId(context.User),
            RandomId = request.RandomID,
            HealthCenterToken = request.HealthCenterToken,
            Status = PositiveReportStatus.Pending,
            CreatedAt = clock.GetUtcNow(),
            TempIds = request.TempIDs.Select(t => new PositiveTempId { TempId = t.TempID, ValidFrom = t.ValidFrom, ValidTo = t.ValidTo }).ToList(),
        };
        db.Add(report);
        await db.SaveChangesAsync(context.RequestAborted);
        return TypedResults.Json(new { });
    }

    private static async Task<IResult> WithdrawAsync(HttpContext context, JsonBody body, VigilDb db, PositivesFeed feed)
    {
        var (request, error) = await body.ReadAsync<WithdrawRequest>(context.Request, MaxBodyBytes, context.RequestAborted);
        if (request is null)
        {
            return error!;
        }
        if (request.RandomIDs.Count is 0 or > MaxWithdrawnIds || request.RandomIDs.Any(r => string.IsNullOrWhiteSpace(r?.RandomID) || r.RandomID.Length > MaxIdLength))
        {
            return ErrorMessage.BadRequest($"randomIDs must list 1 to {MaxWithdrawnIds} non-empty randomIDs");
        }
        var userId = UserId(context.User);
        var randomIds = request.RandomIDs.Select(r => r.RandomID).ToList();
        // Only the caller's own reports: another user's randomID matches nothing.
        var deleted = await db.Set<PositiveReport>().Where(r => r.UserId == userId && randomIds.Contains(r.RandomId))
            .ExecuteDeleteAsync(context.RequestAborted);
        if (deleted > 0)
        {
            feed.MarkStale();
        }
        return TypedResults.Json(new { });
    }

    private static async Task<IResult> FeedAsync(HttpContext context, PositivesFeed feed)
    {
        var snapshot = await feed.GetAsync(context.RequestAborted);
        context.Response.Headers.ETag = snapshot.ETag;
        context.Response.Headers.CacheControl = "private, max-age=600";
        if (context.Request.Headers.IfNoneMatch.Contains(snapshot.ETag))
        {
            return TypedResults.StatusCode(StatusCodes.Status304NotModified);
        }
        return TypedResults.Bytes(snapshot.Gzip, "application/gzip");
    }

    private static string? Invalid(ReportRequest request, int maxTempIds)
    {
        if (string.IsNullOrWhiteSpace(request.RandomID) || request.RandomID.Length > MaxIdLength)
        {
            return "randomID must be a non-empty string";
        }
        if (string.IsNullOrWhiteSpace(request.HealthCenterToken) || request.HealthCenterToken.Length > MaxIdLength)
        {
            return "healthCenterToken must be a non-empty string";
        }
        if (request.TempIDs.Count == 0 || request.TempIDs.Count > maxTempIds)
        {
            return $"tempIDs must hold 1 to {maxTempIds} entries";
        }
        return request.TempIDs.Any(t => t is null || string.IsNullOrWhiteSpace(t.TempID) || t.TempID.Length > MaxIdLength || t.ValidFrom <= 0 || t.ValidTo < t.ValidFrom)
            ? "every tempID needs a non-empty tempID and validFrom ≤ validTo (unix seconds)"
            : null;
    }

    private static Guid UserId(ClaimsPrincipal user) => Guid.Parse(user.FindFirst("sub")!.Value);
}
