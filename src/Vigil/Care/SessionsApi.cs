using System.Data.Common;
using System.Security.Claims;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using Vigil.Identity.Auth;
using Vigil.Infrastructure.Database;

namespace Vigil.Care;

/// <summary>
/// <c>/care/sessions</c>: sessions are numbered per record under the record's row lock, never edited,
/// and voided (not deleted) by an admin with a reason.
/// </summary>
public static class SessionsApi
{
    public sealed record SessionInput(
        Guid RecordId, DateTimeOffset Date, int ServiceId, int InterventionId, int ToolId, int MotiveId, decimal RecoveryFee = 0,
        string? Evaluation = null, bool ClosesRecord = false);
    public sealed record VoidInput(string Reason);

    public static RouteGroupBuilder MapSessions(this RouteGroupBuilder care)
    {
        care.MapGet("/sessions", async (ClaimsPrincipal user, VigilDb db, Guid recordId, CancellationToken ct) =>
        {
            var visible = await CareAccess.Of(user).Visible(db.Set<CareRecord>()).AnyAsync(r => r.Id == recordId, ct);
            return visible
                ? Results.Ok(await db.Set<CareSession>().AsNoTracking().Where(s => s.RecordId == recordId).OrderBy(s => s.Number).ToListAsync(ct))
                : Results.NotFound();
        });
        // Only GET exists for a single session: PUT, PATCH and DELETE answer 405, as sessions are immutable.
        care.MapGet("/sessions/{id:guid}", async (Guid id, ClaimsPrincipal user, VigilDb db, CancellationToken ct) =>
            await db.Set<CareSession>().AsNoTracking().Where(s => s.Id == id)
                .Where(s => CareAccess.Of(user).Visible(db.Set<CareRecord>()).Any(r => r.Id == s.RecordId)).SingleOrDefaultAsync(ct)
                is { } session ? Results.Ok(session) : Results.NotFound());
        care.MapPost("/sessions", CreateAsync);
        care.MapPost("/sessions/{id:guid}/void", VoidAsync).RequireAuthorization(p => p.RequireRole(Roles.ClinicAdmin));
        return care;
    }

    private static async Task<IResult> CreateAsync(SessionInput input, ClaimsPrincipal user, VigilDb db, TimeProvider clock, CancellationToken ct)
    {
        var access = CareAccess.Of(user);
        if (!access.Admin && !access.Clinician)
        {
            return TypedResults.Forbid();
        }
        if (await CatalogProblemAsync(db, input, ct) is { } problem)
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["catalog"] = [problem] });
        }
        if (input.RecoveryFee < 0 || decimal.Round(input.RecoveryFee, 2) != input.RecoveryFee)
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["recoveryFee"] = ["a non-negative amount with at most 2 decimals"] });
        }
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        // Numbering: increment the record's counter first; the row lock serialises concurrent sessions.
        var number = await NextNumberAsync(db, transaction, input.RecordId, access, ct);
        if (number is null)
        {
            return TypedResults.NotFound();
        }
        var now = clock.GetUtcNow();
        var record = await db.Set<CareRecord>().SingleAsync(r => r.Id == input.RecordId, ct);
        var session = new CareSession
        {
            Id = Guid.NewGuid(), RecordId = record.Id, PatientId = record.PatientId, ClinicianId = access.StaffId, Number = number.Value,
            Date = input.Date, ServiceId = input.ServiceId, InterventionId = input.InterventionId, ToolId = input.ToolId, MotiveId = input.MotiveId,
            Evaluation = input.Evaluation, RecoveryFeeCents = (long)(input.RecoveryFee * 100), ClosesRecord = input.ClosesRecord, CreatedAt = now,
        };
        db.Add(session);
        if (input.ClosesRecord)
        {
            record.Open = false;
            record.ClosedAt = now;
        }
        await db.SaveChangesAsync(ct);
        await transaction.CommitAsync(ct);
        return TypedResults.Created($"/care/sessions/{session.Id}", session);
    }

    private static async Task<int?> NextNumberAsync(VigilDb db, IDbContextTransaction transaction, Guid recordId, CareAccess access, CancellationToken ct)
    {
        await using var command = db.CreateCommand(transaction, """
            UPDATE "CareRecords" SET "SessionCount" = "SessionCount" + 1
            WHERE "Id" = @id AND "Open" AND (@admin OR "ClinicianId" = @clinician)
            RETURNING "SessionCount"
            """);
        command.AddParameter("id", recordId).AddParameter("admin", access.Admin).AddParameter("clinician", access.StaffId);
        return await command.ExecuteScalarAsync(ct) is { } value and not DBNull ? Convert.ToInt32(value, System.Globalization.CultureInfo.InvariantCulture) : null;
    }

    private static async Task<string?> CatalogProblemAsync(VigilDb db, SessionInput input, CancellationToken ct)
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

    private static async Task<IResult> VoidAsync(Guid id, VoidInput input, ClaimsPrincipal user, VigilDb db, TimeProvider clock, CancellationToken ct)
    {
        if (string.IsNullOrWhiteSpace(input.Reason))
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["reason"] = ["a reason is required"] });
        }
        var session = await db.Set<CareSession>().SingleOrDefaultAsync(s => s.Id == id && s.VoidedAt == null, ct);
        if (session is null)
        {
            return TypedResults.NotFound();
        }
        session.VoidedAt = clock.GetUtcNow();
        session.VoidReason = input.Reason.Trim();
        session.VoidedBy = CareAccess.Of(user).StaffId;
        await db.SaveChangesAsync(ct);
        return TypedResults.Ok(session);
    }
}
