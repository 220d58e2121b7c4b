using Microsoft.EntityFrameworkCore;
using Vigil.Identity.Tokens;
using Vigil.Infrastructure.Database;

namespace Vigil.Identity.Staff;

/// <summary>
/// What an operator does to staff accounts from the command line: list, unlock, disable and enable, and set
/// a new password. Disabling and a new password also end the account's refresh tokens; its access tokens
/// stop within <see cref="StaffOptions.AccessCheckInterval"/> (<see cref="StaffAccessStamps"/>).
/// </summary>
public sealed class StaffAdministration(VigilDb db, StaffAccounts accounts, TimeProvider clock)
{
    public Task<List<StaffAccount>> ListAsync(CancellationToken ct) =>
        db.Set<StaffAccount>().AsNoTracking().OrderBy(a => a.Email).ToListAsync(ct);

    /// <summary>The account with this id, or with this email; null when there is none.</summary>
    public Task<StaffAccount?> FindAsync(string idOrEmail, CancellationToken ct)
    {
        var email = StaffAccounts.NormalizeEmail(idOrEmail);
        return Guid.TryParse(idOrEmail, out var id)
            ? db.Set<StaffAccount>().SingleOrDefaultAsync(a => a.Id == id, ct)
            : db.Set<StaffAccount>().SingleOrDefaultAsync(a => a.Email == email, ct);
    }

    public async Task UnlockAsync(StaffAccount account, CancellationToken ct)
    {
        account.FailedLogins = 0;
        account.LockedUntil = null;
        await db.SaveChangesAsync(ct);
    }

    public async Task SetDisabledAsync(StaffAccount account, bool disabled, CancellationToken ct)
    {
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        account.DisabledAt = disabled ? account.DisabledAt ?? clock.GetUtcNow() : null;
        await db.SaveChangesAsync(ct);
        if (disabled)
        {
            await RefreshFamilies.RevokeAllAsync(db, TokenSubject.StaffKind, account.Id, clock.GetUtcNow(), ct);
        }
        await transaction.CommitAsync(ct);
    }

    /// <summary>Sets a new password (also unlocking the account) and ends its sign-ins.</summary>
    public Task ResetPasswordAsync(StaffAccount account, string password, CancellationToken ct) => accounts.ResetPasswordAsync(account, password, ct);
}
