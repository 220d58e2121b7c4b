using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Vigil.Identity.Auth;
using Vigil.Infrastructure.Database;

namespace Vigil.Identity.Staff;

/// <summary>Creates staff accounts and checks their passwords (PBKDF2 via <see cref="PasswordHasher{TUser}"/>) with lockout.</summary>
public sealed class StaffAccounts(VigilDb db, IOptions<StaffOptions> options, TimeProvider clock)
{
    private static readonly PasswordHasher<StaffAccount> Hasher = new();

    // Verified against when the email is unknown, so both failures cost the same time.
    private static readonly string DummyHash = Hasher.HashPassword(null!, "not-a-real-password-" + Guid.NewGuid());

    public async Task<StaffAccount> CreateAsync(string email, string password, IEnumerable<string> roles, string? region, CancellationToken ct)
    {
        var normalized = NormalizeEmail(email);
        if (normalized.Length is < 3 or > 254 || !normalized.Contains('@') || normalized.Any(char.IsWhiteSpace))
        {
            throw new ArgumentException("email is not valid");
        }
        if (password.Length < options.Value.MinPasswordLength)
        {
            throw new ArgumentException($"password must be at least {options.Value.MinPasswordLength} characters");
        }
        var roleList = roles.Select(r => r.Trim()).Where(r => r.Length > 0).Distinct().ToList();
        if (roleList.Count == 0 || roleList.Any(r => !Roles.Staff.Contains(r)))
        {
            throw new ArgumentException($"roles must be some of: {string.Join(", ", Roles.Staff.Order())}");
        }
        if (await db.Set<StaffAccount>().AnyAsync(a => a.Email == normalized, ct))
        {
            throw new ArgumentException("an account with this email exists already");
        }
        var account = new StaffAccount
        {
            Id = Guid.NewGuid(),
            Email = normalized,
            PasswordHash = "",
            Roles = string.Join(' ', roleList),
            Region = string.IsNullOrWhiteSpace(region) ? null : region.Trim(),
            CreatedAt = clock.GetUtcNow(),
        };
        account.PasswordHash = Hasher.HashPassword(account, password);
        db.Add(account);
        await db.SaveChangesAsync(ct);
        return account;
    }

    /// <summary>The account when the password is right and the account is neither locked nor disabled; otherwise null.</summary>
    public async Task<StaffAccount?> SignInAsync(string email, string password, CancellationToken ct)
    {
        var normalized = NormalizeEmail(email);
        var account = await db.Set<StaffAccount>().SingleOrDefaultAsync(a => a.Email == normalized, ct);
        if (account is null)
        {
            Hasher.VerifyHashedPassword(null!, DummyHash, password);
            return null;
        }
        var now = clock.GetUtcNow();
        var result = Hasher.VerifyHashedPassword(account, account.PasswordHash, password);
        if (account.LockedUntil > now || account.DisabledAt is not null)
        {
            return null;
        }
        if (result == PasswordVerificationResult.Failed)
        {
            await RecordFailureAsync(account.Id, now, ct);
            return null;
        }
        account.FailedLogins = 0;
        account.LockedUntil = null;
        if (result == PasswordVerificationResult.SuccessRehashNeeded)
        {
            account.PasswordHash = Hasher.HashPassword(account, password);
        }
        await db.SaveChangesAsync(ct);
        return account;
    }

    private async Task RecordFailureAsync(Guid id, DateTimeOffset now, CancellationToken ct)
    {
        var max = options.Value.MaxFailedLogins;
        DateTimeOffset? lockedUntil = now + options.Value.LockoutDuration;
        // One statement, so concurrent failures all count.
        await db.Set<StaffAccount>().Where(a => a.Id == id).ExecuteUpdateAsync(s => s
            .SetProperty(a => a.FailedLogins, a => a.FailedLogins + 1 >= max ? 0 : a.FailedLogins + 1)
            .SetProperty(a => a.LockedUntil, a => a.FailedLogins + 1 >= max ? lockedUntil : a.LockedUntil), ct);
    }

    public static string NormalizeEmail(string email) => email.Trim().ToLowerInvariant();
}
