using System.Security.Claims;
using Microsoft.EntityFrameworkCore;
using Vigil.Identity.Auth;
using Vigil.Infrastructure.Database;
using Vigil.Infrastructure.Http;

namespace Vigil.Care;

/// <summary><c>/care/patients</c> and <c>/care/records</c>: registering patients opens their case record.</summary>
public static class PatientsApi
{
    public sealed record PatientInput(
        string FirstName, string LastName, string Gender, string Cellphone, string? SecondLastName = null, string? MaritalStatus = null,
        string? Phone = null, DateOnly? BirthDate = null, string? BirthPlace = null, string? Occupation = null, string? Religion = null,
        string? Address = null, string? Children = null, Guid? ClinicianId = null);
    public sealed record Assignment(Guid ClinicianId);
    public sealed record PatientPatch(
        string? FirstName = null, string? LastName = null, string? SecondLastName = null, string? MaritalStatus = null, string? Phone = null,
        string? Occupation = null, string? Religion = null, string? Address = null, string? Children = null, string? Notes = null);

    private static readonly string[] Genders = ["male", "female", "other"];

    public static RouteGroupBuilder MapPatients(this RouteGroupBuilder care)
    {
        care.MapGet("/patients", async (ClaimsPrincipal user, VigilDb db, string? search, int? limit, int? offset, CancellationToken ct) =>
        {
            var access = CareAccess.Of(user);
            var query = access.Visible(db.Set<Patient>().AsNoTracking(), db.Set<CareRecord>());
            if (!string.IsNullOrWhiteSpace(search))
            {
                var term = search.Trim().ToLowerInvariant();
                query = query.Where(p => (p.FirstName + " " + p.LastName + " " + (p.SecondLastName ?? "")).ToLower().Contains(term));
            }
            return TypedResults.Ok(await query.OrderBy(p => p.LastName).ThenBy(p => p.FirstName)
                .Page(limit, offset).ToListAsync(ct));
        });
        care.MapGet("/patients/{id:guid}", async (Guid id, ClaimsPrincipal user, VigilDb db, CancellationToken ct) =>
            await CareAccess.Of(user).Visible(db.Set<Patient>().AsNoTracking(), db.Set<CareRecord>()).SingleOrDefaultAsync(p => p.Id == id, ct)
                is { } patient ? Results.Ok(patient) : Results.NotFound());
        care.MapPost("/patients", CreateAsync);
        care.MapPatch("/patients/{id:guid}", UpdateAsync);
        care.MapGet("/records", async (ClaimsPrincipal user, VigilDb db, Guid? patientId, int? limit, int? offset, CancellationToken ct) =>
            TypedResults.Ok(await CareAccess.Of(user).Visible(db.Set<CareRecord>().AsNoTracking())
                .Where(r => patientId == null || r.PatientId == patientId).OrderByDescending(r => r.OpenedAt)
                .Page(limit, offset).ToListAsync(ct)));
        care.MapPost("/records/{id:guid}/assign", AssignAsync).RequireAuthorization(p => p.RequireRole(Roles.ClinicAdmin));
        return care;
    }

    private static async Task<IResult> CreateAsync(PatientInput input, ClaimsPrincipal user, VigilDb db, TimeProvider clock, CancellationToken ct)
    {
        var access = CareAccess.Of(user);
        if (!access.Admin && !access.Clinician)
        {
            return TypedResults.Forbid();
        }
        var clinician = access.Admin ? input.ClinicianId ?? access.StaffId : access.StaffId;
        var problems = Validate(input);
        if (problems.Count > 0)
        {
            return TypedResults.ValidationProblem(problems);
        }
        if (await db.Set<Patient>().AnyAsync(p => p.Cellphone == input.Cellphone, ct))
        {
            return TypedResults.Conflict();
        }
        var now = clock.GetUtcNow();
        var patient = new Patient
        {
            Id = Guid.NewGuid(), FirstName = input.FirstName.Trim(), LastName = input.LastName.Trim(), SecondLastName = input.SecondLastName,
            Gender = input.Gender, MaritalStatus = input.MaritalStatus, Phone = input.Phone, Cellphone = input.Cellphone, BirthDate = input.BirthDate,
            BirthPlace = input.BirthPlace, Occupation = input.Occupation, Religion = input.Religion, Address = input.Address,
            Children = input.Children, CreatedAt = now,
        };
        var record = new CareRecord { Id = Guid.NewGuid(), PatientId = patient.Id, ClinicianId = clinician, Open = true, OpenedAt = now };
        db.AddRange(patient, record);
        await db.SaveChangesAsync(ct);
        return TypedResults.Created($"/care/patients/{patient.Id}", new { patient.Id, recordId = record.Id });
    }

    /// <summary>Admins and the clinician of the open record may edit a patient's details (and the record's notes).</summary>
    private static async Task<IResult> UpdateAsync(Guid id, PatientPatch patch, ClaimsPrincipal user, VigilDb db, CancellationToken ct)
    {
        var access = CareAccess.Of(user);
        if (!access.Admin && !access.Clinician)
        {
            return TypedResults.Forbid();
        }
        var patient = await access.Visible(db.Set<Patient>(), db.Set<CareRecord>()).SingleOrDefaultAsync(p => p.Id == id, ct);
        if (patient is null)
        {
            return TypedResults.NotFound();
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
        return TypedResults.Ok(patient);
    }

    /// <summary>Reassigns a record (reopening it if closed); past sessions keep the clinician who gave them.</summary>
    private static async Task<IResult> AssignAsync(Guid id, Assignment assignment, VigilDb db, TimeProvider clock, CancellationToken ct)
    {
        var record = await db.Set<CareRecord>().SingleOrDefaultAsync(r => r.Id == id, ct);
        if (record is null)
        {
            return TypedResults.NotFound();
        }
        record.ClinicianId = assignment.ClinicianId;
        if (!record.Open)
        {
            record.Open = true;
            record.OpenedAt = clock.GetUtcNow();
            record.ClosedAt = null;
        }
        await db.SaveChangesAsync(ct);
        return TypedResults.Ok(record);
    }

    private static Dictionary<string, string[]> Validate(PatientInput input)
    {
        var problems = new Dictionary<string, string[]>();
        if (string.IsNullOrWhiteSpace(input.FirstName) || string.IsNullOrWhiteSpace(input.LastName))
        {
            problems["name"] = ["firstName and lastName are required"];
        }
        if (!Genders.Contains(input.Gender))
        {
            problems["gender"] = ["gender must be male, female or other"];
        }
        if (input.Cellphone.Length != 10 || !input.Cellphone.All(char.IsAsciiDigit))
        {
            problems["cellphone"] = ["cellphone must be 10 digits"];
        }
        return problems;
    }
}
