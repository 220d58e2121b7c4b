using Microsoft.EntityFrameworkCore;
using Vigil.Identity.Auth;
using Vigil.Identity.Staff;
using Vigil.Infrastructure.Database;
using Vigil.Infrastructure.Http;

namespace Vigil.Care;

/// <summary><c>/care/catalog</c> (read by all staff, edited by admins) and <c>/care/staff</c> (clinic admins manage it).</summary>
public static class CatalogAndStaffApi
{
    public sealed record CatalogInput(CatalogKind Kind, string Name, int? ParentId = null);
    public sealed record CatalogPatch(string? Name = null, bool? Active = null);
    public sealed record StaffPatch(bool? Active = null, string? Cellphone = null, string? Address = null);
    public sealed record StaffInput(string Email, string Role, string FirstName, string LastName, string Cellphone, string? SecondLastName = null, string? Address = null);

    private static readonly string[] ClinicRoles = [Roles.ClinicAdmin, Roles.ClinicSupport, Roles.Clinician];

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

        care.MapGet("/staff", async (VigilDb db, string? search, int? limit, int? offset, CancellationToken ct) =>
        {
            var query = db.Set<ClinicStaff>().AsNoTracking();
            if (!string.IsNullOrWhiteSpace(search))
            {
                var term = search.Trim().ToLowerInvariant();
                query = query.Where(s => (s.FirstName + " " + s.LastName + " " + (s.SecondLastName ?? "")).ToLower().Contains(term));
            }
            return TypedResults.Ok(await query.OrderBy(s => s.LastName).ThenBy(s => s.FirstName)
                .Page(limit, offset).ToListAsync(ct));
        })
            .RequireAuthorization(p => p.RequireRole(Roles.ClinicAdmin, Roles.ClinicSupport));
        care.MapPost("/staff", CreateStaffAsync).RequireAuthorization(p => p.RequireRole(Roles.ClinicAdmin));
        care.MapPatch("/staff/{id:guid}", UpdateStaffAsync).RequireAuthorization(p => p.RequireRole(Roles.ClinicAdmin));
        return care;
    }

    private static async Task<IResult> CreateStaffAsync(StaffInput input, StaffAccounts accounts, VigilDb db, CancellationToken ct)
    {
        if (!ClinicRoles.Contains(input.Role) || input.Cellphone.Length != 10 || !input.Cellphone.All(char.IsAsciiDigit)
            || string.IsNullOrWhiteSpace(input.FirstName) || string.IsNullOrWhiteSpace(input.LastName))
        {
            return Results.ValidationProblem(new Dictionary<string, string[]>
            {
                ["staff"] = ["role clinic_admin, clinic_support or clinician; names required; cellphone 10 digits"],
            });
        }
        if (await db.Set<StaffAccount>().AnyAsync(a => a.Email == StaffAccounts.NormalizeEmail(input.Email), ct))
        {
            return Results.Conflict();
        }
        try
        {
            await using var transaction = await db.Database.BeginTransactionAsync(ct);
            var account = await accounts.CreateAsync(input.Email, null, [input.Role], null, ct);
            db.Add(new ClinicStaff
            {
                Id = account.Id, FirstName = input.FirstName.Trim(), LastName = input.LastName.Trim(), SecondLastName = input.SecondLastName,
                Cellphone = input.Cellphone, Address = input.Address,
            });
            var token = accounts.AddSetPasswordToken(account.Id);
            await db.SaveChangesAsync(ct);
            await transaction.CommitAsync(ct);
            return Results.Created($"/care/staff/{account.Id}", new { account.Id, setPasswordToken = token });
        }
        catch (ArgumentException e)
        {
            return Results.ValidationProblem(new Dictionary<string, string[]> { ["staff"] = [e.Message] });
        }
    }

    /// <summary>Deactivating a member also disables their sign-in; their past sessions stay theirs.</summary>
    private static async Task<IResult> UpdateStaffAsync(Guid id, StaffPatch patch, VigilDb db, TimeProvider clock, CancellationToken ct)
    {
        var staff = await db.Set<ClinicStaff>().SingleOrDefaultAsync(s => s.Id == id, ct);
        var account = await db.Set<StaffAccount>().SingleOrDefaultAsync(a => a.Id == id, ct);
        if (staff is null || account is null)
        {
            return Results.NotFound();
        }
        if (patch.Cellphone is { } cellphone && (cellphone.Length != 10 || !cellphone.All(char.IsAsciiDigit)))
        {
            return Results.ValidationProblem(new Dictionary<string, string[]> { ["cellphone"] = ["10 digits"] });
        }
        staff.Cellphone = patch.Cellphone ?? staff.Cellphone;
        staff.Address = patch.Address ?? staff.Address;
        if (patch.Active is { } active)
        {
            staff.Active = active;
            account.DisabledAt = active ? null : clock.GetUtcNow();
        }
        await db.SaveChangesAsync(ct);
        return Results.Ok(staff);
    }
}
