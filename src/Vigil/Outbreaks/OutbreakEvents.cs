using Vigil.Infrastructure.Observability;
using System.Security.Claims;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Vigil.Identity.Auth;
using Vigil.Infrastructure.Database;
using Vigil.Infrastructure;
using static Vigil.Outbreaks.Protocol.OutbreakEventResponse.Types;

namespace Vigil.Outbreaks;

/// <summary>
/// Every rule about outbreak events in one place: submission (by API key or staff member), the region's
/// list, corrections and withdrawals with their audit trail. The QR API and the portal both call it.
/// </summary>
public sealed class OutbreakEvents(VigilDb db, OutbreakExports exports, DatabaseOutage outage, IOptions<OutbreakOptions> options, TimeProvider clock)
{
    /// <summary>Who reports an event: the issuer id (API key or staff member), its region, and how the audit names it.</summary>
    public sealed record Reporter(Guid Id, string Region, string Actor);
    public sealed record Correction(DateTimeOffset? StartTime = null, DateTimeOffset? EndTime = null, int? Severity = null);
    public enum Change { Done, NotFound, Invalid }

    public async Task<(ErrorCode Error, OutbreakEvent? Stored)> SubmitAsync(
        Reporter reporter, string locationId, DateTimeOffset? start, DateTimeOffset? end, long severity, CancellationToken ct)
    {
        if (!OutbreakEventRules.IsValidLocationId(locationId))
        {
            return (ErrorCode.InvalidId, null);
        }
        if (start is not { } from || end is not { } to)
        {
            return (ErrorCode.MissingTimestamp, null);
        }
        var now = clock.GetUtcNow();
        if (OutbreakEventRules.CheckWindow(from, to, now, options.Value) is var invalid && invalid != ErrorCode.None)
        {
            return (invalid, null);
        }
        if (severity < 0)
        {
            return (ErrorCode.Unknown, null);
        }
        try
        {
            var stored = new OutbreakEvent
            {
                Id = Guid.NewGuid(),
                LocationId = locationId,
                StartTime = from,
                EndTime = to,
                Severity = (int)Math.Min(severity, int.MaxValue),
                Region = reporter.Region,
                ApiKeyId = reporter.Id,
                CreatedAt = now,
            };
            db.Add(stored);
            db.Add(new OutbreakEventAudit { EventId = stored.Id, Actor = reporter.Actor, Action = "created", Details = "", At = now });
            await db.SaveChangesAsync(ct);
            VigilMetrics.OutbreakChanges.Count("vigil.outbreak.action", "created");
            exports.MarkTodayStale(reporter.Region);
            return (ErrorCode.None, stored);
        }
        catch (Exception e) when (DbErrors.IsDatabaseFailure(e))
        {
            outage.Record(e, "An outbreak event submission");
            return (ErrorCode.ServerError, null);
        }
    }

    /// <summary>The caller's region's events, newest first (at most 1,000); national staff see all, staff without a region none.</summary>
    public async Task<List<OutbreakEvent>> ListAsync(ClaimsPrincipal user, string? location, DateOnly? from, DateOnly? to, CancellationToken ct)
    {
        var query = RegionScope.Of(user).Filter(db.Set<OutbreakEvent>().AsNoTracking(), e => e.Region);
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
        return await query.OrderByDescending(e => e.CreatedAt).Take(1000).ToListAsync(ct);
    }

    /// <summary>The event if the caller's scope includes its region.</summary>
    public Task<OutbreakEvent?> FindAsync(Guid id, ClaimsPrincipal user, CancellationToken ct) =>
        RegionScope.Of(user).Filter(db.Set<OutbreakEvent>(), e => e.Region).SingleOrDefaultAsync(e => e.Id == id, ct);

    public async Task<(Change Result, OutbreakEvent? Event)> CorrectAsync(Guid id, Correction correction, ClaimsPrincipal user, CancellationToken ct)
    {
        if (await FindAsync(id, user, ct) is not { } found || found.WithdrawnAt is not null)
        {
            return (Change.NotFound, null);
        }
        var (start, end) = (correction.StartTime ?? found.StartTime, correction.EndTime ?? found.EndTime);
        // The window is judged as at submission, so an old event can still be narrowed.
        if (OutbreakEventRules.CheckWindow(start, end, found.CreatedAt, options.Value) != ErrorCode.None || correction.Severity is < 0)
        {
            return (Change.Invalid, found);
        }
        var before = new { found.StartTime, found.EndTime, found.Severity };
        found.StartTime = start;
        found.EndTime = end;
        found.Severity = correction.Severity ?? found.Severity;
        await SaveChangeAsync(found, user, "corrected", JsonSerializer.Serialize(new { before, after = new { start, end, found.Severity } }), ct);
        return (Change.Done, found);
    }

    public async Task<(Change Result, OutbreakEvent? Event)> WithdrawAsync(Guid id, string? reason, ClaimsPrincipal user, CancellationToken ct)
    {
        if (string.IsNullOrWhiteSpace(reason) || reason.Length > 1000)
        {
            return (Change.Invalid, null);
        }
        if (await FindAsync(id, user, ct) is not { } found || found.WithdrawnAt is not null)
        {
            return (Change.NotFound, null);
        }
        found.WithdrawnAt = clock.GetUtcNow();
        found.WithdrawnReason = reason.Trim();
        await SaveChangeAsync(found, user, "withdrawn", JsonSerializer.Serialize(new { reason = found.WithdrawnReason }), ct);
        return (Change.Done, found);
    }

    /// <summary>The event's audit trail, oldest first; null when the caller may not see the event.</summary>
    public async Task<List<OutbreakEventAudit>?> AuditAsync(Guid id, ClaimsPrincipal user, CancellationToken ct) =>
        await FindAsync(id, user, ct) is null
            ? null
            : await db.Set<OutbreakEventAudit>().AsNoTracking().Where(a => a.EventId == id).OrderBy(a => a.Id).ToListAsync(ct);

    private async Task SaveChangeAsync(OutbreakEvent changed, ClaimsPrincipal user, string action, string details, CancellationToken ct)
    {
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        db.Add(new OutbreakEventAudit { EventId = changed.Id, Actor = user.FindFirst("sub")?.Value ?? "unknown", Action = action, Details = details, At = clock.GetUtcNow() });
        await db.SaveChangesAsync(ct);
        var day = UnixDay.Of(changed.CreatedAt).Number;
        await db.Database.ExecuteSqlInterpolatedAsync($"""
            INSERT INTO "OutbreakExportVersions" ("Region", "Day", "Version") VALUES ({changed.Region}, {day}, 1)
            ON CONFLICT ("Region", "Day") DO UPDATE SET "Version" = "OutbreakExportVersions"."Version" + 1
            """, ct);
        await transaction.CommitAsync(ct);
        VigilMetrics.OutbreakChanges.Count("vigil.outbreak.action", action);
    }
}
