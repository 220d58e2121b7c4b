using Vigil.Infrastructure.Observability;
using Microsoft.EntityFrameworkCore;
using Vigil.Infrastructure.Database;
using Vigil.Infrastructure.Validation;
using Vigil.Infrastructure.Http;

namespace Vigil.Care;

/// <summary>
/// Patients and their case records. Registering a patient opens a record; a clinician sees and edits only
/// patients whose open record is theirs (<see cref="CareAccess"/>), in every query.
/// </summary>
public sealed class CarePatients(VigilDb db, TimeProvider clock)
{
    public sealed record PatientInput(
        string FirstName, string LastName, string Gender, string Cellphone, string? SecondLastName = null, string? MaritalStatus = null,
        string? Phone = null, DateOnly? BirthDate = null, string? BirthPlace = null, string? Occupation = null, string? Religion = null,
        string? Address = null, string? Children = null, Guid? ClinicianId = null);
    public sealed record PatientPatch(
        string? FirstName = null, string? LastName = null, string? SecondLastName = null, string? MaritalStatus = null, string? Phone = null,
        string? Occupation = null, string? Religion = null, string? Address = null, string? Children = null, string? Notes = null);

    public enum Refusal { None, Invalid, Forbidden, Conflict, NotFound }
    public sealed record Registered(Refusal Refusal, Dictionary<string, string[]>? Problems = null, Patient? Patient = null, CareRecord? Record = null);

    public static readonly string[] Genders = ["male", "female", "other"];

    public Task<List<Patient>> SearchAsync(CareAccess access, string? search, Paging page, CancellationToken ct)
    {
        var query = access.Visible(db.Set<Patient>().AsNoTracking(), db.Set<CareRecord>());
        if (!string.IsNullOrWhiteSpace(search))
        {
            var term = search.Trim().ToLowerInvariant();
            query = query.Where(p => (p.FirstName + " " + p.LastName + " " + (p.SecondLastName ?? "")).ToLower().Contains(term));
        }
        return query.OrderBy(p => p.LastName).ThenBy(p => p.FirstName).Page(page).ToListAsync(ct);
    }

    public Task<Patient?> FindAsync(CareAccess access, Guid id, CancellationToken ct) =>
        access.Visible(db.Set<Patient>().AsNoTracking(), db.Set<CareRecord>()).SingleOrDefaultAsync(p => p.Id == id, ct);

    public Task<List<CareRecord>> RecordsAsync(CareAccess access, Guid? patientId, Paging page, CancellationToken ct) =>
        access.Visible(db.Set<CareRecord>().AsNoTracking()).Where(r => patientId == null || r.PatientId == patientId)
            .OrderByDescending(r => r.OpenedAt).Page(page).ToListAsync(ct);

    public async Task<Registered> RegisterAsync(CareAccess access, PatientInput input, CancellationToken ct)
    {
        if (!access.Admin && !access.Clinician)
        {
            return new(Refusal.Forbidden);
        }
        var problems = Validate(input);
        if (problems.Count > 0)
        {
            return new(Refusal.Invalid, problems);
        }
        if (await db.Set<Patient>().AnyAsync(p => p.Cellphone == input.Cellphone, ct))
        {
            return new(Refusal.Conflict, new() { ["cellphone"] = ["a patient with this cellphone is registered already"] });
        }
        var now = clock.GetUtcNow();
        var patient = new Patient
        {
            Id = Guid.NewGuid(),
            FirstName = input.FirstName.Trim(),
            LastName = input.LastName.Trim(),
            SecondLastName = input.SecondLastName,
            Gender = input.Gender,
            MaritalStatus = input.MaritalStatus,
            Phone = input.Phone,
            Cellphone = input.Cellphone,
            BirthDate = input.BirthDate,
            BirthPlace = input.BirthPlace,
            Occupation = input.Occupation,
            Religion = input.Religion,
            Address = input.Address,
            Children = input.Children,
            CreatedAt = now,
        };
        var clinician = access.Admin ? input.ClinicianId ?? access.StaffId : access.StaffId;
        var record = new CareRecord { Id = Guid.NewGuid(), PatientId = patient.Id, ClinicianId = clinician, Open = true, OpenedAt = now };
        db.AddRange(patient, record);
        await db.SaveChangesAsync(ct);
        VigilMetrics.CareRecords.Count("vigil.care.kind", "patient_registered");
        return new(Refusal.None, Patient: patient, Record: record);
    }

    /// <summary>Admins and the clinician of the open record may edit a patient's details (and the record's notes).</summary>
    public async Task<(Refusal Refusal, Patient? Patient)> UpdateAsync(CareAccess access, Guid id, PatientPatch patch, CancellationToken ct)
    {
        if (!access.Admin && !access.Clinician)
        {
            return (Refusal.Forbidden, null);
        }
        var patient = await access.Visible(db.Set<Patient>(), db.Set<CareRecord>()).SingleOrDefaultAsync(p => p.Id == id, ct);
        if (patient is null)
        {
            return (Refusal.NotFound, null);
        }
        patient.FirstName = patch.FirstName?.Trim() is { Length: > 0 } first ? first : patient.FirstName;
        patient.LastName = patch.LastName?.Trim() is { Length: > 0 } last ? last : patient.LastName;
        patient.SecondLastName = patch.SecondLastName ?? patient.SecondLastName;
        patient.MaritalStatus = patch.MaritalStatus ?? patient.MaritalStatus;
        patient.Phone = patch.Phone ?? patient.Phone;
        patient.Occupation = patch.Occupation ?? patient.Occupation;
        patient.Religion = patch.Religion ?? patient.Religion;
        patient.Address = patch.Address ?? patient.Address;
        patient.Children = patch.Children ?? patient.Children;
        if (patch.Notes is { } notes && await access.Visible(db.Set<CareRecord>()).Where(r => r.PatientId == id).OrderByDescending(r => r.OpenedAt).FirstOrDefaultAsync(ct) is { } record)
        {
            record.Notes = notes;
        }
        await db.SaveChangesAsync(ct);
        return (Refusal.None, patient);
    }

    private Dictionary<string, string[]> Validate(PatientInput input)
    {
        var problems = new Dictionary<string, string[]>();
        if (input.BirthDate is { } birth && (birth < InputRanges.EarliestDate || birth > DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime.AddDays(1))))
        {
            problems["birthDate"] = [$"birthDate must be from {InputRanges.EarliestDate:yyyy-MM-dd} to today"];
        }
        if (string.IsNullOrWhiteSpace(input.FirstName) || string.IsNullOrWhiteSpace(input.LastName))
        {
            problems["name"] = ["firstName and lastName are required"];
        }
        if (!Genders.Contains(input.Gender))
        {
            problems["gender"] = ["gender must be male, female or other"];
        }
        if (input.Cellphone is null || input.Cellphone.Length != 10 || !input.Cellphone.All(char.IsAsciiDigit))
        {
            problems["cellphone"] = ["cellphone must be 10 digits"];
        }
        return problems;
    }
}
