using System.Security.Claims;
using Vigil.Identity.Auth;
using Vigil.Infrastructure.Http;

namespace Vigil.Care;

/// <summary><c>/care/patients</c> and <c>/care/records</c> over <see cref="CarePatients"/>: registering a patient opens their case record.</summary>
public static class PatientsApi
{
    public sealed record Assignment(Guid ClinicianId);

    public static RouteGroupBuilder MapPatients(this RouteGroupBuilder care)
    {
        care.MapGet("/patients", async (ClaimsPrincipal user, CarePatients patients, string? search, int? limit, int? offset, CancellationToken ct) =>
            TypedResults.Ok(await patients.SearchAsync(CareAccess.Of(user), search, Paging.Of(offset, limit), ct)));
        care.MapGet("/patients/{id:guid}", async (Guid id, ClaimsPrincipal user, CarePatients patients, CancellationToken ct) =>
            await patients.FindAsync(CareAccess.Of(user), id, ct) is { } patient ? Results.Ok(patient) : Results.NotFound());
        care.MapPost("/patients", async (CarePatients.PatientInput input, ClaimsPrincipal user, CarePatients patients, CancellationToken ct) =>
            await patients.RegisterAsync(CareAccess.Of(user), input, ct) switch
            {
                { Refusal: CarePatients.Refusal.None } done => Results.Created($"/care/patients/{done.Patient!.Id}", new { done.Patient.Id, recordId = done.Record!.Id }),
                { Refusal: CarePatients.Refusal.Invalid } invalid => TypedResults.ValidationProblem(invalid.Problems!),
                { Refusal: CarePatients.Refusal.Conflict } => TypedResults.Conflict(),
                _ => TypedResults.Forbid(),
            });
        care.MapPatch("/patients/{id:guid}", async (Guid id, CarePatients.PatientPatch patch, ClaimsPrincipal user, CarePatients patients, CancellationToken ct) =>
            await patients.UpdateAsync(CareAccess.Of(user), id, patch, ct) switch
            {
                (CarePatients.Refusal.None, { } patient) => Results.Ok(patient),
                (CarePatients.Refusal.NotFound, _) => Results.NotFound(),
                _ => TypedResults.Forbid(),
            });
        care.MapGet("/records", async (ClaimsPrincipal user, CarePatients patients, Guid? patientId, int? limit, int? offset, CancellationToken ct) =>
            TypedResults.Ok(await patients.RecordsAsync(CareAccess.Of(user), patientId, Paging.Of(offset, limit), ct)));
        care.MapPost("/records/{id:guid}/assign", async (Guid id, Assignment assignment, CaseRecords records, CancellationToken ct) =>
            await records.AssignAsync(id, assignment.ClinicianId, ct) is { } record ? Results.Ok(record) : Results.NotFound())
            .RequireAuthorization(p => p.RequireRole(Roles.ClinicAdmin));
        care.MapPost("/records/{id:guid}/close", async (Guid id, ClaimsPrincipal user, CaseRecords records, CancellationToken ct) =>
            await records.CloseAsync(CareAccess.Of(user), id, ct) is { } record ? Results.Ok(record) : Results.NotFound());
        care.MapPost("/records/{id:guid}/reopen", async (Guid id, CaseRecords records, CancellationToken ct) =>
            await records.ReopenAsync(id, ct) is { } record ? Results.Ok(record) : Results.NotFound())
            .RequireAuthorization(p => p.RequireRole(Roles.ClinicAdmin));
        return care;
    }
}
