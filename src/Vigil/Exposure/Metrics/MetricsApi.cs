using System.Globalization;
using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using Vigil.Identity.Auth;

namespace Vigil.Exposure.Metrics;

/// <summary><c>GET /exposure/metrics?from=&amp;to=</c>: daily counters per health authority, for staff of that region.</summary>
public static class MetricsApi
{
    public static IEndpointRouteBuilder MapExposureMetrics(this IEndpointRouteBuilder routes)
    {
        routes.MapGet("/exposure/metrics", GetAsync).WithTags("Exposure").RequireAuthorization(Policies.ExposureStaff);
        return routes;
    }

    private static async Task<Results<Ok<List<ExposureDailyReport.DailyMetrics>>, ValidationProblem>> GetAsync(
        string from, string to, ClaimsPrincipal user, ExposureDailyReport report, CancellationToken ct)
    {
        if (!TryParseDay(from, out var fromDay) || !TryParseDay(to, out var toDay) || !ExposureDailyReport.IsValidPeriod(fromDay, toDay))
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]>
            {
                ["from,to"] = ["from and to are dates (yyyy-MM-dd), from ≤ to, at most 366 days apart"],
            });
        }
        // Staff and keys bound to a region see only that region; national staff see all; anyone else nothing.
        return TypedResults.Ok(await report.GetAsync(RegionScope.Of(user), fromDay, toDay, ct));
    }

    private static bool TryParseDay(string text, out DateOnly day) =>
        DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out day);
}
