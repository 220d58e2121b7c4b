using System.Security.Claims;
using System.Text.Json;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Vigil.Identity.Auth;
using Vigil.Identity.Tokens;
using Vigil.Infrastructure.Database;
using static Vigil.Outbreaks.Protocol.OutbreakEventResponse.Types;

namespace Vigil.Outbreaks;

/// <summary>
/// <c>/qr/events</c>: the region's health-authority staff list, correct and withdraw events. Every change
/// is audited and bumps the export version of the event's day, so exports built afterwards reflect it.
/// </summary>
public static class OutbreakStaffApi
{
    public sealed record EventView(Guid Id, string LocationId, DateTimeOffset StartTime, DateTimeOffset EndTime, int Severity,
        string Region, DateTimeOffset CreatedAt, DateTimeOffset? WithdrawnAt, string? WithdrawnReason);
    public sealed record Correction(DateTimeOffset? StartTime = null, DateTimeOffset? EndTime = null, int? Severity = null);
    public sealed record Withdrawal(string Reason);
    public sealed record AuditView(string Actor, string Action, string Details, DateTimeOffset At);

    public static IEndpointRouteBuilder MapOutbreakStaff(this IEndpointRouteBuilder routes)
    {
        var events = routes.MapGroup("/qr/events").WithTags("Outbreaks").RequireAuthorization(Policies.HealthAuthority);
        events.MapGet("", ListAsync);
        events.MapPatch("/{id:guid}", CorrectAsync);
        events.MapPost("/{id:guid}/withdraw", WithdrawAsync);
        events.MapGet("/{id:guid}/audit", async Task<Results<Ok<List<AuditView>>, NotFound>> (Guid id, ClaimsPrincipal user, VigilDb db, CancellationToken ct) =>
            await FindAsync(db, id, user, ct) is null
                ? TypedResults.NotFound()
                : TypedResults.Ok(await db.Set<OutbreakEventAudit>().AsNoTracking().Where(a => a.EventId == id).OrderBy(a => a.Id)
                    .Select(a => new AuditView(a.Actor, a.Action, a.Details, a.At)).ToListAsync(ct)));
        return routes;
    }

    private static async Task<Ok<List<EventView>>> ListAsync(string? location, DateOnly? from, DateOnly? to, ClaimsPrincipal user, VigilDb db, CancellationToken ct)
    {
        var region = Region(user);
        var query = db.Set<OutbreakEvent>().AsNoTracking().Where(e => region == null || e.Region == region);
        if (location is not null)
        {
            query = query.Where(e => e.LocationId == location);
        }
        if (from is { } fromDate)
        {
            var start = new DateTimeOffset(fromDate.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero);
            query = query.Where(e => e.CreatedAt >= start);
        }
        if (to is { } toDate)
        {
            var end = new DateTimeOffset(toDate.AddDays(1).ToDateTime(TimeOnly.MinValue), TimeSpan.Zero);
            query = query.Where(e => e.CreatedAt < end);
        }
        var rows = await query.OrderByDescending(e => e.CreatedAt).Take(1000).ToListAsync(ct);
        return TypedResults.Ok(rows.Select(View).ToList());
    }

    private static async Task<Results<Ok<EventView>, NotFound, ValidationProblem>> CorrectAsync(
        Guid id, Correction correction, ClaimsPrincipal user, VigilDb db, IOptions<OutbreakOptions> options, TimeProvider clock, CancellationToken ct)
    {
        if (await FindAsync(db, id, user, ct) is not { } found || found.WithdrawnAt is not null)
        {
            return TypedResults.NotFound();
        }
        var (start, end) = (correction.StartTime ?? found.StartTime, correction.EndTime ?? found.EndTime);
        // The window is judged as at submission, so an old event can still be narrowed.
        if (OutbreakEventRules.CheckWindow(start, end, found.CreatedAt, options.Value) != ErrorCode.None || correction.Severity is < 0)
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]>
            {
                ["window"] = ["startTime < endTime, at most the maximum window long, neither too old nor in the future; severity ≥ 0"],
            });
        }
        var before = new { found.StartTime, found.EndTime, found.Severity };
        found.StartTime = start;
        found.EndTime = end;
        found.Severity = correction.Severity ?? found.Severity;
        await SaveChangeAsync(db, found, user, "corrected", JsonSerializer.Serialize(new { before, after = new { start, end, found.Severity } }), clock, ct);
        return TypedResults.Ok(View(found));
    }

    private static async Task<Results<Ok<EventView>, NotFound, ValidationProblem>> WithdrawAsync(
        Guid id, Withdrawal withdrawal, ClaimsPrincipal user, VigilDb db, TimeProvider clock, CancellationToken ct)
    {
        if (string.IsNullOrWhiteSpace(withdrawal.Reason) || withdrawal.Reason.Length > 1000)
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["reason"] = ["a reason of 1 to 1000 characters is required"] });
        }
        if (await FindAsync(db, id, user, ct) is not { } found || found.WithdrawnAt is not null)
        {
            return TypedResults.NotFound();
        }
        found.WithdrawnAt = clock.GetUtcNow();
        found.WithdrawnReason = withdrawal.Reason.Trim();
        await SaveChangeAsync(db, found, user, "withdrawn", JsonSerializer.Serialize(new { reason = found.WithdrawnReason }), clock, ct);
        return TypedResults.Ok(View(found));
    }

    private static async Task SaveChangeAsync(VigilDb db, OutbreakEvent changed, ClaimsPrincipal user, string action, string details, TimeProvider clock, CancellationToken ct)
    {
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        db.Add(new OutbreakEventAudit { EventId = changed.Id, Actor = user.FindFirst("sub")?.Value ?? "unknown", Action = action, Details = details, At = clock.GetUtcNow() });
        await db.SaveChangesAsync(ct);
        var day = (int)(changed.CreatedAt.ToUnixTimeSeconds() / 86400);
        await db.Database.ExecuteSqlInterpolatedAsync($"""
            INSERT INTO "OutbreakExportVersions" ("Region", "Day", "Version") VALUES ({changed.Region}, {day}, 1)
            ON CONFLICT ("Region", "Day") DO UPDATE SET "Version" = "OutbreakExportVersions"."Version" + 1
            """, ct);
        await transaction.CommitAsync(ct);
    }

    /// <summary>The event if the caller's region may see it (staff without a region see all).</summary>
    private static async Task<OutbreakEvent?> FindAsync(VigilDb db, Guid id, ClaimsPrincipal user, CancellationToken ct)
    {
        var region = Region(user);
        return await db.Set<OutbreakEvent>().SingleOrDefaultAsync(e => e.Id == id && (region == null || e.Region == region), ct);
    }

    private static string? Region(ClaimsPrincipal user) => user.FindFirst(TokenSubjects.RegionClaim)?.Value;

    private static EventView View(OutbreakEvent e) =>
        new(e.Id, e.LocationId, e.StartTime, e.EndTime, e.Severity, e.Region, e.CreatedAt, e.WithdrawnAt, e.WithdrawnReason);
}
