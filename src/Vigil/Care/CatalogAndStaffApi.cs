using Microsoft.EntityFrameworkCore;
using Vigil.Identity.Auth;
using Vigil.Infrastructure.Database;
using Vigil.Infrastructure.Http;

namespace Vigil.Care;

/// <summary><c>/care/catalog</c> (read by all staff, edited by admins) and <c>/care/staff</c> (clinic admins manage it).</summary>
public static class CatalogAndStaffApi
{
    public sealed record CatalogInput(CatalogKind Kind, string Name, int? ParentId = null);
    public sealed record CatalogPatch(string? Name = null, bool? Active = null);

    public static RouteGroupBuilder MapCatalogAndStaff(this RouteGroupBuilder care)
    {
        care.MapGet("/catalog", async (VigilDb db, CancellationToken ct) =>
            TypedResults.Ok(await db.Set<CatalogItem>().AsNoTracking().OrderBy(c => c.Kind).ThenBy(c => c.Id).ToListAsync(ct)));
        care.MapPost("/catalog", async (CatalogInput input, VigilDb db, CancellationToken ct) =>
        {
            if (string.IsNullOrWhiteSpace(input.Name)
                || (input.Kind == CatalogKind.Intervention) != (input.ParentId is not null)
                || (input.ParentId is { } parent && !await db.Set<CatalogItem>().AnyAsync(c => c.Id == parent && c.Kind == CatalogKind.Service, ct)))
            {
                return Results.ValidationProblem(new Dictionary<string, string[]> { ["catalog"] = ["a name, and for interventions (only) the id of their service"] });
            }
            var item = new CatalogItem { Id = await db.Set<CatalogItem>().MaxAsync(c => c.Id, ct) + 1, Kind = input.Kind, Name = input.Name.Trim(), ParentId = input.ParentId };
            db.Add(item);
            await db.SaveChangesAsync(ct);
            return Results.Created($"/care/catalog/{item.Id}", item);
        }).RequireAuthorization(p => p.RequireRole(Roles.ClinicAdmin));
        care.MapPatch("/catalog/{id:int}", async (int id, CatalogPatch patch, VigilDb db, CancellationToken ct) =>
        {
            var item = await db.Set<CatalogItem>().SingleOrDefaultAsync(c => c.Id == id, ct);
            if (item is null)
            {
                return Results.NotFound();
            }
            item.Name = string.IsNullOrWhiteSpace(patch.Name) ? item.Name : patch.Name.Trim();
            item.Active = patch.Active ?? item.Active;
            await db.SaveChangesAsync(ct);
            return Results.Ok(item);
        }).RequireAuthorization(p => p.RequireRole(Roles.ClinicAdmin));

        care.MapGet("/staff", async (ClinicStaffDirectory staff, string? search, int? limit, int? offset, CancellationToken ct) =>
            TypedResults.Ok(await staff.SearchAsync(search, Paging.Of(offset, limit), ct)))
            .RequireAuthorization(p => p.RequireRole(Roles.ClinicAdmin, Roles.ClinicSupport));
        care.MapPost("/staff", async (ClinicStaffDirectory.StaffInput input, ClinicStaffDirectory staff, CancellationToken ct) =>
            await staff.CreateAsync(input, ct) switch
            {
                { Refusal: ClinicStaffDirectory.Refusal.None } done => Results.Created($"/care/staff/{done.Staff!.Id}", new { done.Staff.Id, setPasswordToken = done.SetPasswordToken }),
                { Refusal: ClinicStaffDirectory.Refusal.Conflict } => Results.Conflict(),
                var invalid => Results.ValidationProblem(new Dictionary<string, string[]> { ["staff"] = [invalid.Message!] }),
            }).RequireAuthorization(p => p.RequireRole(Roles.ClinicAdmin));
        care.MapPatch("/staff/{id:guid}", async (Guid id, ClinicStaffDirectory.StaffPatch patch, ClinicStaffDirectory staff, CancellationToken ct) =>
            await staff.UpdateAsync(id, patch, ct) switch
            {
                { Refusal: ClinicStaffDirectory.Refusal.None } done => Results.Ok(done.Staff),
                { Refusal: ClinicStaffDirectory.Refusal.NotFound } => Results.NotFound(),
                var invalid => Results.ValidationProblem(new Dictionary<string, string[]> { ["cellphone"] = [invalid.Message!] }),
            }).RequireAuthorization(p => p.RequireRole(Roles.ClinicAdmin));
        return care;
    }
}
