using Vigil.Infrastructure.Observability;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using Vigil.Infrastructure.Database;
using Vigil.Infrastructure.Validation;

namespace Vigil.Care;

/// <summary>
/// Sessions are numbered per record under the record's row lock, never edited, and voided (not deleted)
/// by an admin with a reason. Only an admin or the record's clinician writes one, on an open record.
/// </summary>
public sealed class CareSessions(VigilDb db, TimeProvider clock)
{
    public sealed record SessionInput(
        Guid RecordId, DateTimeOffset Date, int ServiceId, int InterventionId, int ToolId, int MotiveId, decimal RecoveryFee = 0,
        string? Evaluation = null, bool ClosesRecord = false);

    public enum Refusal { None, Invalid, Forbidden, NotFound }

    /// <summary>How far back a session may be recorded, and how far ahead (time zones, a session entered late at night).</summary>
    public static readonly TimeSpan OldestSession = TimeSpan.FromDays(3653);
    public static readonly TimeSpan LatestSession = TimeSpan.FromDays(1);
    public sealed record Written(Refusal Refusal, Dictionary<string, string[]>? Problems = null, CareSession? Session = null);

    /// <summary>The record's sessions, oldest first; null when the caller may not see the record.</summary>
    public async Task<List<CareSession>?> ListAsync(CareAccess access, Guid recordId, CancellationToken ct) =>
        await access.Visible(db.Set<CareRecord>()).AnyAsync(r => r.Id == recordId, ct)
            ? await db.Set<CareSession>().AsNoTracking().Where(s => s.RecordId == recordId).OrderBy(s => s.Number).ToListAsync(ct)
            : null;

    public Task<CareSession?> FindAsync(CareAccess access, Guid id, CancellationToken ct) =>
        db.Set<CareSession>().AsNoTracking().Where(s => s.Id == id)
            .Where(s => access.Visible(db.Set<CareRecord>()).Any(r => r.Id == s.RecordId)).SingleOrDefaultAsync(ct);

    /// <summary>Sessions (not void) in [from, to) on records the caller may see.</summary>
    public Task<int> CountAsync(CareAccess access, DateTimeOffset from, DateTimeOffset to, CancellationToken ct) =>
        db.Set<CareSession>().AsNoTracking().Where(s => s.VoidedAt == null && s.Date >= from && s.Date < to)
            .Where(s => access.SeesAll || access.Visible(db.Set<CareRecord>()).Any(r => r.Id == s.RecordId)).CountAsync(ct);

    /// <summary>Active catalogue entries, for forms: services, their interventions, tools and motives.</summary>
    public Task<List<CatalogItem>> CatalogAsync(CancellationToken ct) =>
        db.Set<CatalogItem>().AsNoTracking().OrderBy(c => c.Kind).ThenBy(c => c.Id).ToListAsync(ct);

    public async Task<Written> WriteAsync(CareAccess access, SessionInput input, CancellationToken ct)
    {
        if (!access.Admin && !access.Clinician)
        {
            return new(Refusal.Forbidden);
        }
        if (await CatalogProblemAsync(input, ct) is { } problem)
        {
            return new(Refusal.Invalid, new() { ["catalog"] = [problem] });
        }
        if (input.RecoveryFee < 0 || input.RecoveryFee > InputRanges.MaxAmount || decimal.Round(input.RecoveryFee, 2) != input.RecoveryFee)
        {
            return new(Refusal.Invalid, new() { ["recoveryFee"] = [$"a non-negative amount of at most {InputRanges.MaxAmount:0} with at most 2 decimals"] });
        }
        var now = clock.GetUtcNow();
        if (input.Date < now - OldestSession || input.Date > now + LatestSession)
        {
            return new(Refusal.Invalid, new() { ["date"] = ["the session's date must be within the last 10 years, and not later than tomorrow"] });
        }
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        // Numbering: increment the record's counter first; the row lock serialises concurrent sessions.
        var number = await NextNumberAsync(transaction, input.RecordId, access, ct);
        if (number is null)
        {
            return new(Refusal.NotFound);
        }
        var record = await db.Set<CareRecord>().SingleAsync(r => r.Id == input.RecordId, ct);
        var session = new CareSession
        {
            Id = Guid.NewGuid(),
            RecordId = record.Id,
            PatientId = record.PatientId,
            ClinicianId = access.StaffId,
            Number = number.Value,
            Date = input.Date,
            ServiceId = input.ServiceId,
            InterventionId = input.InterventionId,
            ToolId = input.ToolId,
            MotiveId = input.MotiveId,
            Evaluation = input.Evaluation,
            RecoveryFeeCents = (long)(input.RecoveryFee * 100),
            ClosesRecord = input.ClosesRecord,
            CreatedAt = now,
        };
        db.Add(session);
        if (input.ClosesRecord)
        {
            record.Open = false;
            record.ClosedAt = now;
        }
        await db.SaveChangesAsync(ct);
        await transaction.CommitAsync(ct);
        VigilMetrics.CareRecords.Count("vigil.care.kind", input.ClosesRecord ? "session_closing_record" : "session_recorded");
        return new(Refusal.None, Session: session);
    }

    /// <summary>Voids a session with a reason (admins only, the caller's policy); null when it is unknown or already void.</summary>
    public async Task<(Refusal Refusal, CareSession? Session)> VoidAsync(CareAccess access, Guid id, string? reason, CancellationToken ct)
    {
        if (string.IsNullOrWhiteSpace(reason))
        {
            return (Refusal.Invalid, null);
        }
        var session = await db.Set<CareSession>().SingleOrDefaultAsync(s => s.Id == id && s.VoidedAt == null, ct);
        if (session is null)
        {
            return (Refusal.NotFound, null);
        }
        session.VoidedAt = clock.GetUtcNow();
        session.VoidReason = reason.Trim();
        session.VoidedBy = access.StaffId;
        await db.SaveChangesAsync(ct);
        return (Refusal.None, session);
    }

    private async Task<int?> NextNumberAsync(IDbContextTransaction transaction, Guid recordId, CareAccess access, CancellationToken ct)
    {
        await using var command = db.CreateCommand(transaction, """
            UPDATE "CareRecords" SET "SessionCount" = "SessionCount" + 1
            WHERE "Id" = @id AND "Open" AND (@admin OR "ClinicianId" = @clinician)
            RETURNING "SessionCount"
            """);
        command.AddParameter("id", recordId).AddParameter("admin", access.Admin).AddParameter("clinician", access.StaffId);
        return await command.ExecuteScalarAsync(ct) is { } value and not DBNull ? Convert.ToInt32(value, System.Globalization.CultureInfo.InvariantCulture) : null;
    }

    private async Task<string?> CatalogProblemAsync(SessionInput input, CancellationToken ct)
    {
        int[] ids = [input.ServiceId, input.InterventionId, input.ToolId, input.MotiveId];
        var items = await db.Set<CatalogItem>().AsNoTracking().Where(c => ids.Contains(c.Id) && c.Active).ToDictionaryAsync(c => c.Id, ct);
        bool Is(int id, CatalogKind kind) => items.TryGetValue(id, out var item) && item.Kind == kind;
        if (!Is(input.ServiceId, CatalogKind.Service) || !Is(input.InterventionId, CatalogKind.Intervention)
            || !Is(input.ToolId, CatalogKind.Tool) || !Is(input.MotiveId, CatalogKind.Motive))
        {
            return "service, intervention, tool and motive must be active catalogue entries of their kind";
        }
        return items[input.InterventionId].ParentId == input.ServiceId ? null : "the intervention does not belong to the service";
    }
}
