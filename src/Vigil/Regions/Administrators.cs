using System.Globalization;
using System.Security.Claims;
using Microsoft.EntityFrameworkCore;
using Vigil.Identity.Auth;
using Vigil.Identity.Staff;
using Vigil.Infrastructure;
using Vigil.Infrastructure.Database;
using Vigil.Infrastructure.Http;

namespace Vigil.Regions;

/// <summary>
/// Administrators manage administrators within their scope: super ← super; national ← super or national;
/// prefecture admin of P ← super, national or a prefecture admin of P. Rows carry their access list and
/// listing filters on it in the query. Every change is audited.
/// </summary>
public sealed class Administrators(VigilDb db, StaffAccounts accounts, RegionCatalog regions, TimeProvider clock)
{
    public enum Refusal { None, Invalid, Forbidden, Conflict, NotFound }

    public sealed record Created(StaffAccount Account, string SetPasswordToken, DateTimeOffset ExpiresAt);
    public sealed record Outcome(Refusal Refusal, string? Message = null, Created? Created = null);

    public static readonly IReadOnlyList<string> AdminRoles = [Roles.SuperAdmin, Roles.NationalAdmin, Roles.PrefectureAdmin];

    public int MaxPrefecture => regions.MaxId;

    public Task<List<StaffAccount>> ListAsync(ClaimsPrincipal user, Paging page, CancellationToken ct) =>
        Visible(user).OrderBy(a => a.Email).Page(page).ToListAsync(ct);

    public Task<StaffAccount?> FindAsync(Guid id, ClaimsPrincipal user, CancellationToken ct) => Visible(user).SingleOrDefaultAsync(a => a.Id == id, ct);

    /// <summary>Creates an administrator without a password and returns the one-time set-password token to hand over.</summary>
    public async Task<Outcome> CreateAsync(ClaimsPrincipal user, string email, string role, int? prefectureId, CancellationToken ct)
    {
        int? prefecture = role == Roles.PrefectureAdmin ? prefectureId : null;
        if (!AdminRoles.Contains(role))
        {
            return new(Refusal.Invalid, "the role must be an administrator role");
        }
        if (role == Roles.PrefectureAdmin && (prefecture is not { } p || !regions.IsAssignable(p)))
        {
            return new(Refusal.Invalid, $"a prefecture admin needs a prefectureId of 1..{regions.MaxId}");
        }
        if (!MayCreate(user, role, prefecture))
        {
            return new(Refusal.Forbidden, "you may not create this administrator");
        }
        if (await db.Set<StaffAccount>().AnyAsync(a => a.Email == StaffAccounts.NormalizeEmail(email), ct))
        {
            return new(Refusal.Conflict, "an account with this email exists already");
        }
        try
        {
            await using var transaction = await db.Database.BeginTransactionAsync(ct);
            var account = await accounts.CreateAsync(email, null, [role], prefecture?.ToString(CultureInfo.InvariantCulture), ct, AccessKeys.ForAdmin(role, prefecture));
            var token = accounts.AddSetPasswordToken(account.Id);
            db.Audit(user, "admin.created", "admin:" + account.Id, null, Snapshot(account), clock.GetUtcNow());
            await db.SaveChangesAsync(ct);
            await transaction.CommitAsync(ct);
            return new(Refusal.None, Created: new Created(account, token, clock.GetUtcNow() + StaffAccounts.SetPasswordTokenLifetime));
        }
        catch (ArgumentException e)
        {
            return new(Refusal.Invalid, e.Message);
        }
    }

    public async Task<Outcome> DeleteAsync(ClaimsPrincipal user, Guid id, CancellationToken ct)
    {
        var target = await db.Set<StaffAccount>().SingleOrDefaultAsync(a => a.Id == id && a.AccessControl != null, ct);
        if (target is null)
        {
            return new(Refusal.NotFound, "no such administrator");
        }
        if (!AccessKeys.Allows(user, target.AccessControl))
        {
            return new(Refusal.Forbidden, "this administrator is outside your scope");
        }
        if (user.FindFirst("sub")?.Value == id.ToString())
        {
            return new(Refusal.Forbidden, "an administrator cannot delete itself");
        }
        db.Remove(target);
        db.Audit(user, "admin.deleted", "admin:" + id, Snapshot(target), null, clock.GetUtcNow());
        await db.SaveChangesAsync(ct);
        return new(Refusal.None);
    }

    /// <summary>The administrative audit trail, newest first.</summary>
    public Task<List<AdminAuditEntry>> AuditAsync(Paging page, CancellationToken ct) =>
        db.Set<AdminAuditEntry>().AsNoTracking().OrderByDescending(a => a.Id).Page(page).ToListAsync(ct);

    public static bool MayCreate(ClaimsPrincipal user, string role, int? prefecture) => role switch
    {
        Roles.SuperAdmin => user.IsInRole(Roles.SuperAdmin),
        Roles.NationalAdmin => user.IsInRole(Roles.SuperAdmin) || user.IsInRole(Roles.NationalAdmin),
        _ => prefecture is { } p && AccessKeys.Allows(user, AccessKeys.ForPrefecture(p)),
    };

    public static string AdminRoleOf(StaffAccount account) => AdminRoles.First(account.RoleList.Contains);

    public static int? PrefectureOf(StaffAccount account) => int.TryParse(account.Region, CultureInfo.InvariantCulture, out var p) ? p : null;

    private IQueryable<StaffAccount> Visible(ClaimsPrincipal user)
    {
        var marker = AccessKeys.MarkerOf(user);
        return db.Set<StaffAccount>().AsNoTracking().Where(a => a.AccessControl != null && a.AccessControl.Contains(marker));
    }

    /// <summary>What the audit records of an administrator: the same shape the admin API shows.</summary>
    private static AdminUsersApi.AdminView Snapshot(StaffAccount a) => AdminUsersApi.View(a);
}
