using Microsoft.EntityFrameworkCore;
using Vigil.Identity.Auth;
using Vigil.Identity.Staff;
using Vigil.Infrastructure.Database;
using Vigil.Infrastructure.Http;

namespace Vigil.Care;

/// <summary>Clinic admins manage the clinic's staff: profiles, sign-in accounts, deactivation.</summary>
public sealed class ClinicStaffDirectory(VigilDb db, StaffAccounts accounts, TimeProvider clock)
{
    public sealed record StaffInput(string Email, string Role, string FirstName, string LastName, string Cellphone, string? SecondLastName = null, string? Address = null);
    public sealed record StaffPatch(bool? Active = null, string? Cellphone = null, string? Address = null);
    public sealed record Member(ClinicStaff Profile, string Email, IReadOnlyList<string> Roles);

    public enum Refusal { None, Invalid, Conflict, NotFound }
    public sealed record Outcome(Refusal Refusal, string? Message = null, ClinicStaff? Staff = null, string? SetPasswordToken = null);

    public static readonly string[] ClinicRoles = [Roles.ClinicAdmin, Roles.ClinicSupport, Roles.Clinician];

    public Task<List<ClinicStaff>> SearchAsync(string? search, Paging page, CancellationToken ct)
    {
        var query = db.Set<ClinicStaff>().AsNoTracking();
        if (!string.IsNullOrWhiteSpace(search))
        {
            var term = search.Trim().ToLowerInvariant();
            query = query.Where(s => (s.FirstName + " " + s.LastName + " " + (s.SecondLastName ?? "")).ToLower().Contains(term));
        }
        return query.OrderBy(s => s.LastName).ThenBy(s => s.FirstName).Page(page).ToListAsync(ct);
    }

    /// <summary>Profiles with their account's email and roles, for the portal's staff list.</summary>
    public async Task<List<Member>> MembersAsync(CancellationToken ct)
    {
        var profiles = await SearchAsync(null, Paging.First(1000), ct);
        var ids = profiles.Select(p => p.Id).ToList();
        var logins = await db.Set<StaffAccount>().AsNoTracking().Where(a => ids.Contains(a.Id)).ToDictionaryAsync(a => a.Id, ct);
        return [.. profiles.Where(p => logins.ContainsKey(p.Id)).Select(p => new Member(p, logins[p.Id].Email, logins[p.Id].RoleList))];
    }

    /// <summary>Creates the account (no password yet) and the profile; returns the one-time set-password token to hand over.</summary>
    public async Task<Outcome> CreateAsync(StaffInput input, CancellationToken ct)
    {
        if (!ClinicRoles.Contains(input.Role) || input.Cellphone is not { Length: 10 } || !input.Cellphone.All(char.IsAsciiDigit)
            || string.IsNullOrWhiteSpace(input.FirstName) || string.IsNullOrWhiteSpace(input.LastName))
        {
            return new(Refusal.Invalid, "role clinic_admin, clinic_support or clinician; names required; cellphone 10 digits");
        }
        if (await db.Set<StaffAccount>().AnyAsync(a => a.Email == StaffAccounts.NormalizeEmail(input.Email), ct))
        {
            return new(Refusal.Conflict, "an account with this email exists already");
        }
        try
        {
            await using var transaction = await db.Database.BeginTransactionAsync(ct);
            var account = await accounts.CreateAsync(input.Email, null, [input.Role], null, ct);
            var staff = new ClinicStaff
            {
                Id = account.Id,
                FirstName = input.FirstName.Trim(),
                LastName = input.LastName.Trim(),
                SecondLastName = input.SecondLastName,
                Cellphone = input.Cellphone,
                Address = input.Address,
            };
            db.Add(staff);
            var token = accounts.AddSetPasswordToken(account.Id);
            await db.SaveChangesAsync(ct);
            await transaction.CommitAsync(ct);
            return new(Refusal.None, Staff: staff, SetPasswordToken: token);
        }
        catch (ArgumentException e)
        {
            return new(Refusal.Invalid, e.Message);
        }
    }

    /// <summary>Deactivating a member also disables their sign-in; their past sessions stay theirs.</summary>
    public async Task<Outcome> UpdateAsync(Guid id, StaffPatch patch, CancellationToken ct)
    {
        var staff = await db.Set<ClinicStaff>().SingleOrDefaultAsync(s => s.Id == id, ct);
        var account = await db.Set<StaffAccount>().SingleOrDefaultAsync(a => a.Id == id, ct);
        if (staff is null || account is null)
        {
            return new(Refusal.NotFound);
        }
        if (patch.Cellphone is { } cellphone && (cellphone.Length != 10 || !cellphone.All(char.IsAsciiDigit)))
        {
            return new(Refusal.Invalid, "10 digits");
        }
        staff.Cellphone = patch.Cellphone ?? staff.Cellphone;
        staff.Address = patch.Address ?? staff.Address;
        if (patch.Active is { } active)
        {
            staff.Active = active;
            account.DisabledAt = active ? null : clock.GetUtcNow();
        }
        await db.SaveChangesAsync(ct);
        return new(Refusal.None, Staff: staff);
    }
}
