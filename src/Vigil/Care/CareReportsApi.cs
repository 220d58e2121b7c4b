using Vigil.Infrastructure.Validation;
using Microsoft.EntityFrameworkCore;
using Vigil.Identity.Auth;

namespace Vigil.Care;

public static class CareReportsApi
{
    public static RouteGroupBuilder MapCareReports(this RouteGroupBuilder care)
    {
        care.MapGet("/reports/{report}", async (string report, string? timespan, DateOnly? from, DateOnly? to, string? format, CareReports reports, CancellationToken ct) =>
        {
            if (!CareReports.Names.Contains(report))
            {
                return Results.NotFound();
            }
            if (reports.Window(timespan, from, to) is not { } window)
            {
                return Results.ValidationProblem(new Dictionary<string, string[]> { ["window"] = [$"timespan week|month|year, or from ≤ to (yyyy-MM-dd, {InputRanges.EarliestDate:yyyy} to {InputRanges.LatestDate:yyyy})"] });
            }
            var result = await reports.RunAsync(report, window.From, window.To, ct);
            return format == "csv" ? Results.Text(CareReports.Csv(result), "text/csv") : Results.Ok(result);
        }).RequireAuthorization(p => p.RequireRole(Roles.ClinicAdmin, Roles.ClinicSupport));
        return care;
    }
}
