using System.Globalization;
using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Vigil.Identity.Auth;
using Vigil.Identity.Tokens;
using Vigil.Infrastructure.Database;

namespace Vigil.Exposure.Metrics;

/// <summary><c>GET /exposure/metrics?from=&amp;to=</c>: daily counters per health authority, for staff of that region.</summary>
public static class MetricsApi
{
    public sealed record DailyMetrics(
        string Date, Guid ApiKeyId, string Region, int CodesGenerated, int CodesClaimed, int CodesExpired,
        int KeysUploaded, int FirstUploads, double? MeanSecondsToClaim);

    public static IEndpointRouteBuilder MapExposureMetrics(this IEndpointRouteBuilder routes)
    {
        routes.MapGet("/exposure/metrics", GetAsync).WithTags("Exposure").RequireAuthorization(Policies.ExposureStaff);
        return routes;
    }

    private static async Task<Results<Ok<List<DailyMetrics>>, ValidationProblem>> GetAsync(
        string from, string to, ClaimsPrincipal user, VigilDb db, CancellationToken ct)
    {
        if (!TryParseDay(from, out var fromDay) || !TryParseDay(to, out var toDay) || toDay < fromDay || toDay - fromDay > 366)
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]>
            {
                ["from,to"] = ["from and to are dates (yyyy-MM-dd), from ≤ to, at most 366 days apart"],
            });
        }
        // Staff and keys bound to a region see only that region; national staff see all.
        var region = user.FindFirst(TokenSubjects.RegionClaim)?.Value;
        var daily = await db.Set<ExposureDailyMetric>().AsNoTracking()
            .Where(m => m.Day >= fromDay && m.Day <= toDay && (region == null || m.Region == region)).ToListAsync(ct);
        var pending = await db.Set<ExposureMetricEvent>().AsNoTracking()
            .Where(m => m.Day >= fromDay && m.Day <= toDay && (region == null || m.Region == region)).ToListAsync(ct);
        var rows = ExposureMetricsFolder.Sum(pending, daily).OrderBy(m => m.Day).ThenBy(m => m.ApiKeyId);
        return TypedResults.Ok(rows.Select(m => new DailyMetrics(
            DateOnly.FromDayNumber(DateOnly.FromDateTime(DateTime.UnixEpoch).DayNumber + m.Day).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
            m.ApiKeyId, m.Region, m.CodesGenerated, m.CodesClaimed, m.CodesExpired, m.KeysUploaded, m.FirstUploads,
            m.CodesClaimed == 0 ? null : (double)m.ClaimDelaySeconds / m.CodesClaimed)).ToList());
    }

    private static bool TryParseDay(string text, out int day)
    {
        day = 0;
        if (!DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date))
        {
            return false;
        }
        day = date.DayNumber - DateOnly.FromDateTime(DateTime.UnixEpoch).DayNumber;
        return true;
    }
}
