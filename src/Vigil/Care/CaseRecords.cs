using Microsoft.EntityFrameworkCore;
using Vigil.Identity.Auth;
using Vigil.Identity.Staff;
using Vigil.Infrastructure.Database;

namespace Vigil.Care;

/// <summary>
/// A patient's case records over time: closed by an admin or the record's clinician, reopened and
/// reassigned by admins (past sessions keep the clinician who gave them).
/// </summary>
public sealed class CaseRecords(VigilDb db, TimeProvider clock)
{
    /// <summary>Reassigns a record (reopening it if closed); past sessions keep the clinician who gave them. Admins only (the caller's policy).</summary>
    public async Task<CareRecord?> AssignAsync(Guid recordId, Guid clinicianId, CancellationToken ct)
    {
        var record = await db.Set<CareRecord>().SingleOrDefaultAsync(r => r.Id == recordId, ct);
        if (record is null)
        {
            return null;
        }
        record.ClinicianId = clinicianId;
        Reopen(record);
        await db.SaveChangesAsync(ct);
        return record;
    }

    /// <summary>Closes an open record: an admin any, a clinician their own.</summary>
    public async Task<CareRecord?> CloseAsync(CareAccess access, Guid recordId, CancellationToken ct)
    {
        if (!access.Admin && !access.Clinician)
        {
            return null;
        }
        var record = await access.Visible(db.Set<CareRecord>()).SingleOrDefaultAsync(r => r.Id == recordId && r.Open, ct);
        if (record is null)
        {
            return null;
        }
        record.Open = false;
        record.ClosedAt = clock.GetUtcNow();
        await db.SaveChangesAsync(ct);
        return record;
    }

    /// <summary>Reopens a closed record for the same clinician. Admins only (the caller's policy).</summary>
    public async Task<CareRecord?> ReopenAsync(Guid recordId, CancellationToken ct)
    {
        var record = await db.Set<CareRecord>().SingleOrDefaultAsync(r => r.Id == recordId, ct);
        if (record is null)
        {
            return null;
        }
        Reopen(record);
        await db.SaveChangesAsync(ct);
        return record;
    }

    /// <summary>Active staff who may hold records (clinicians and clinic admins), by display name.</summary>
    public async Task<List<(Guid Id, string Name)>> CliniciansAsync(CancellationToken ct)
    {
        var accounts = await db.Set<StaffAccount>().AsNoTracking()
            .Where(a => a.DisabledAt == null && (a.Roles.Contains(Roles.Clinician) || a.Roles.Contains(Roles.ClinicAdmin)))
            .Select(a => new { a.Id, a.Email }).ToListAsync(ct);
        var names = await NamesAsync(accounts.Select(a => a.Id), ct);
        return [.. accounts.Select(a => (a.Id, names.GetValueOrDefault(a.Id) ?? a.Email)).OrderBy(c => c.Item2, StringComparer.CurrentCulture)];
    }

    /// <summary>Display names of clinic staff ("First Last"), for the ids that have a staff profile.</summary>
    public async Task<Dictionary<Guid, string>> NamesAsync(IEnumerable<Guid> ids, CancellationToken ct)
    {
        var wanted = ids.Distinct().ToList();
        return await db.Set<ClinicStaff>().AsNoTracking().Where(s => wanted.Contains(s.Id))
            .ToDictionaryAsync(s => s.Id, s => s.FirstName + " " + s.LastName, ct);
    }

    private void Reopen(CareRecord record)
    {
        if (!record.Open)
        {
            record.Open = true;
            record.OpenedAt = clock.GetUtcNow();
            record.ClosedAt = null;
        }
    }
}
