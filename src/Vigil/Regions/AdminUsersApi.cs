using Vigil.Infrastructure;
using System.Globalization;
using System.Security.Claims;
using Microsoft.EntityFrameworkCore;
using Vigil.Identity.Auth;
using Vigil.Identity.Staff;
using Vigil.Infrastructure.Database;
using Vigil.Infrastructure.Http;

namespace Vigil.Regions;

/// <summary>
/// <c>/admins/users</c>: administrators manage administrators within their scope. Rows carry their
/// access list; listing filters on it in the database query.
/// </summary>
public static class AdminUsersApi
{
    public sealed record CreateRequest(string Email, string AdminRole, int? PrefectureId = null);
    public sealed record AdminView(Guid Id, string Email, string AdminRole, int? PrefectureId, DateTimeOffset CreatedAt);
    public sealed record Created(Guid Id, string SetPasswordToken, DateTimeOffset SetPasswordTokenExpiresAt);

    private static readonly Dictionary<string, string> WireRoles = new()
    {
        ["SUPER_ADMIN_ROLE"] = Roles.SuperAdmin,
        ["NATIONAL_ADMIN_ROLE"] = Roles.NationalAdmin,
        ["PREFECTURE_ADMIN_ROLE"] = Roles.PrefectureAdmin,
    };

    public static IEndpointRouteBuilder MapAdminUsers(this IEndpointRouteBuilder routes)
    {
        var admins = routes.MapGroup("/admins/users").WithTags("Admins").RequireAuthorization(Policies.Administrator);
        admins.MapGet("", ListAsync);
        admins.MapPost("", CreateAsync);
        admins.MapGet("/{id:guid}", async (Guid id, ClaimsPrincipal user, VigilDb db, CancellationToken ct) =>
            await Visible(db, user).SingleOrDefaultAsync(a => a.Id == id, ct) is { } admin ? Results.Ok(View(admin)) : ErrorMessage.NotFound("no such administrator"));
        admins.MapDelete("/{id:guid}", DeleteAsync);
        return routes;
    }

    private static async Task<IResult> ListAsync(ClaimsPrincipal user, VigilDb db, int? limit, int? offset, CancellationToken ct)
    {
        if (limit is < 1 or > 100 || offset is < 0)
        {
            return ErrorMessage.BadRequest("limit must be 1..100 and offset ≥ 0");
        }
        var page = await Visible(db, user).OrderBy(a => a.Email).Skip(offset ?? 0).Take(limit ?? 100).ToListAsync(ct);
        return TypedResults.Ok(page.Select(View));
    }

    private static async Task<IResult> CreateAsync(HttpContext context, JsonBody body, StaffAccounts accounts, RegionCatalog regions, VigilDb db, TimeProvider clock, CancellationToken ct)
    {
        var (request, error) = await body.ReadAsync<CreateRequest>(context.Request, ct);
        if (request is null)
        {
            return error!;
        }
        if (!WireRoles.TryGetValue(request.AdminRole, out var role))
        {
            return ErrorMessage.BadRequest("adminRole must be SUPER_ADMIN_ROLE, NATIONAL_ADMIN_ROLE or PREFECTURE_ADMIN_ROLE");
        }
        int? prefecture = role == Roles.PrefectureAdmin ? request.PrefectureId : null;
        if (role == Roles.PrefectureAdmin && (prefecture is not { } p || !regions.IsAssignable(p)))
        {
            return ErrorMessage.BadRequest($"a prefecture admin needs a prefectureId of 1..{regions.MaxId}");
        }
        if (!MayCreate(context.User, role, prefecture))
        {
            return ErrorMessage.Result(StatusCodes.Status403Forbidden, "you may not create this administrator");
        }
        if (await db.Set<StaffAccount>().AnyAsync(a => a.Email == StaffAccounts.NormalizeEmail(request.Email), ct))
        {
            return ErrorMessage.Result(StatusCodes.Status409Conflict, "an account with this email exists already");
        }
        try
        {
            await using var transaction = await db.Database.BeginTransactionAsync(ct);
            var account = await accounts.CreateAsync(request.Email, null, [role], prefecture?.ToString(CultureInfo.InvariantCulture), ct,
                AccessKeys.ForAdmin(role, prefecture));
            var token = accounts.AddSetPasswordToken(account.Id);
            db.Audit(context.User, "admin.created", "admin:" + account.Id, null, View(account), clock.GetUtcNow());
            await db.SaveChangesAsync(ct);
            await transaction.CommitAsync(ct);
            return TypedResults.Json(new Created(account.Id, token, clock.GetUtcNow() + StaffAccounts.SetPasswordTokenLifetime));
        }
        catch (ArgumentException e)
        {
            return ErrorMessage.BadRequest(e.Message);
        }
    }

    private static async Task<IResult> DeleteAsync(Guid id, ClaimsPrincipal user, VigilDb db, TimeProvider clock, CancellationToken ct)
    {
        var target = await db.Set<StaffAccount>().SingleOrDefaultAsync(a => a.Id == id && a.AccessControl != null, ct);
        if (target is null)
        {
            return ErrorMessage.NotFound("no such administrator");
        }
        if (!AccessKeys.Allows(user, target.AccessControl))
        {
            return ErrorMessage.Result(StatusCodes.Status403Forbidden, "this administrator is outside your scope");
        }
        if (user.FindFirst("sub")?.Value == id.ToString())
        {
            return ErrorMessage.Result(StatusCodes.Status403Forbidden, "an administrator cannot delete itself");
        }
        db.Remove(target);
        db.Audit(user, "admin.deleted", "admin:" + id, View(target), null, clock.GetUtcNow());
        await db.SaveChangesAsync(ct);
        return TypedResults.Json(new { });
    }

    /// <summary>super ← super; national ← super or national; prefecture admin of P ← super, national or a prefecture admin of P.</summary>
    private static bool MayCreate(ClaimsPrincipal user, string role, int? prefecture) => role switch
    {
        Roles.SuperAdmin => user.IsInRole(Roles.SuperAdmin),
        Roles.NationalAdmin => user.IsInRole(Roles.SuperAdmin) || user.IsInRole(Roles.NationalAdmin),
        _ => AccessKeys.Allows(user, AccessKeys.ForPrefecture(prefecture!.Value)),
    };

    private static IQueryable<StaffAccount> Visible(VigilDb db, ClaimsPrincipal user)
    {
        var marker = AccessKeys.MarkerOf(user);
        return db.Set<StaffAccount>().AsNoTracking().Where(a => a.AccessControl != null && a.AccessControl.Contains(marker));
    }

    private static AdminView View(StaffAccount a) => new(a.Id, a.Email,
        WireRoles.First(r => a.RoleList.Contains(r.Value)).Key,
        int.TryParse(a.Region, CultureInfo.InvariantCulture, out var p) ? p : null, a.CreatedAt);
}
