using Vigil.Infrastructure.Observability;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Vigil.Identity.Auth;
using Vigil.Identity.Tokens;
using Vigil.Infrastructure;
using Vigil.Infrastructure.Database;

namespace Vigil.Identity.Staff;

/// <summary>Creates staff accounts and checks their passwords (PBKDF2 via <see cref="PasswordHasher{TUser}"/>) with lockout.</summary>
public sealed class StaffAccounts(VigilDb db, IOptions<StaffOptions> options, RegionCatalog regions, TimeProvider clock)
{
    private static readonly PasswordHasher<StaffAccount> Hasher = new();

    // Verified against when the email is unknown, so both failures cost the same time.
    private static readonly string DummyHash = Hasher.HashPassword(null!, "not-a-real-password-" + Guid.NewGuid());

    public static readonly TimeSpan SetPasswordTokenLifetime = TimeSpan.FromHours(24);

    /// <summary>Creates an account; without a password it cannot sign in until a set-password token is used.</summary>
    public async Task<StaffAccount> CreateAsync(string email, string? password, IEnumerable<string> roles, string? region, CancellationToken ct, string? accessControl = null)
    {
        var normalized = NormalizeEmail(email);
        if (normalized.Length is < 3 or > 254 || !normalized.Contains('@') || normalized.Any(char.IsWhiteSpace))
        {
            throw new ArgumentException("email is not valid");
        }
        CheckPassword(password ??= Convert.ToBase64String(System.Security.Cryptography.RandomNumberGenerator.GetBytes(32)));
        var roleList = roles.Select(r => r.Trim()).Where(r => r.Length > 0).Distinct().ToList();
        if (roleList.Count == 0 || roleList.Any(r => !Roles.Staff.Contains(r)))
        {
            throw new ArgumentException($"roles must be some of: {string.Join(", ", Roles.Staff.Order())}");
        }
        region = string.IsNullOrWhiteSpace(region) ? null : region.Trim();
        if (StaffScopeRules.Problem(roleList, region, regions) is { } problem)
        {
            throw new ArgumentException(problem);
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
            Region = region,
            AccessControl = accessControl,
            CreatedAt = clock.GetUtcNow(),
        };
        account.PasswordHash = Hasher.HashPassword(account, password);
        db.Add(account);
        await db.SaveChangesAsync(ct);
        return account;
    }

    /// <summary>The account when the password is right and the account is neither locked nor disabled; otherwise null.</summary>
    public async Task<StaffAccount?> SignInAsync(string email, string password, CancellationToken ct) =>
        (await TrySignInAsync(email, password, ct)).Account;

    /// <summary>
    /// Checks a password and says why it failed: locked (when this failure locked the account, or the
    /// password was right but the account is locked) or invalid. Wrong guesses during a lock stay "invalid".
    /// </summary>
    public async Task<StaffSignIn> TrySignInAsync(string email, string password, CancellationToken ct)
    {
        var outcome = await CheckSignInAsync(email, password, ct);
        VigilMetrics.SignIns.Add(1, new("vigil.identity.method", "staff"),
            new("result", outcome.Account is not null ? "success" : outcome.LockedUntil is not null ? "locked" : "invalid"));
        return outcome;
    }

    private async Task<StaffSignIn> CheckSignInAsync(string email, string password, CancellationToken ct)
    {
        var normalized = NormalizeEmail(email);
        var account = await db.Set<StaffAccount>().SingleOrDefaultAsync(a => a.Email == normalized, ct);
        if (account is null)
        {
            Hasher.VerifyHashedPassword(null!, DummyHash, password);
            return StaffSignIn.Invalid;
        }
        var now = clock.GetUtcNow();
        var result = Hasher.VerifyHashedPassword(account, account.PasswordHash, password);
        if (account.DisabledAt is not null)
        {
            return StaffSignIn.Invalid;
        }
        if (account.LockedUntil > now)
        {
            return result == PasswordVerificationResult.Failed ? StaffSignIn.Invalid : new StaffSignIn(null, account.LockedUntil);
        }
        if (result == PasswordVerificationResult.Failed)
        {
            var lockedUntil = await RecordFailureAsync(account.Id, now, ct);
            if (lockedUntil is not null)
            {
                VigilMetrics.Lockouts.Add(1);
            }
            return new StaffSignIn(null, lockedUntil);
        }
        account.FailedLogins = 0;
        account.LockedUntil = null;
        if (result == PasswordVerificationResult.SuccessRehashNeeded)
        {
            account.PasswordHash = Hasher.HashPassword(account, password);
        }
        await db.SaveChangesAsync(ct);
        return new StaffSignIn(account, null);
    }

    /// <summary>
    /// Changes a signed-in person's password after checking the current one, and ends the account's
    /// sign-ins elsewhere (refresh tokens); the account, or null when the current password is wrong.
    /// </summary>
    public async Task<StaffAccount?> ChangePasswordAsync(Guid staffId, string currentPassword, string newPassword, CancellationToken ct)
    {
        CheckPassword(newPassword);
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        var account = await db.Set<StaffAccount>().SingleOrDefaultAsync(a => a.Id == staffId && a.DisabledAt == null, ct);
        if (account is null || Hasher.VerifyHashedPassword(account, account.PasswordHash, currentPassword) == PasswordVerificationResult.Failed)
        {
            return null;
        }
        account.PasswordHash = Hasher.HashPassword(account, newPassword);
        await db.SaveChangesAsync(ct);
        await RefreshFamilies.RevokeAllAsync(db, TokenSubject.StaffKind, account.Id, clock.GetUtcNow(), ct);
        await transaction.CommitAsync(ct);
        return account;
    }

    /// <summary>
    /// An operator sets a new password (no current one needed): it must meet the rules, the lockout is cleared,
    /// and the account's refresh tokens end in the same transaction.
    /// </summary>
    public async Task ResetPasswordAsync(StaffAccount account, string password, CancellationToken ct)
    {
        CheckPassword(password);
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        await ReplacePasswordAsync(account, password, ct);
        await transaction.CommitAsync(ct);
    }

    /// <summary>Counts a failure; returns when the account is now locked until, if this failure locked it.</summary>
    private async Task<DateTimeOffset?> RecordFailureAsync(Guid id, DateTimeOffset now, CancellationToken ct)
    {
        var max = options.Value.MaxFailedLogins;
        DateTimeOffset? lockedUntil = now + options.Value.LockoutDuration;
        // One statement, so concurrent failures all count.
        await db.Set<StaffAccount>().Where(a => a.Id == id).ExecuteUpdateAsync(s => s
            .SetProperty(a => a.FailedLogins, a => a.FailedLogins + 1 >= max ? 0 : a.FailedLogins + 1)
            .SetProperty(a => a.LockedUntil, a => a.FailedLogins + 1 >= max ? lockedUntil : a.LockedUntil), ct);
        return await db.Set<StaffAccount>().AsNoTracking().Where(a => a.Id == id).Select(a => a.LockedUntil).SingleAsync(ct) is { } until && until > now
            ? until
            : null;
    }

    /// <summary>Adds a set-password token for the account (the caller saves) and returns the token to hand over.</summary>
    public string AddSetPasswordToken(Guid staffId)
    {
        var token = Microsoft.IdentityModel.Tokens.Base64UrlEncoder.Encode(System.Security.Cryptography.RandomNumberGenerator.GetBytes(32));
        db.Add(new SetPasswordToken { Id = HashToken(token), StaffId = staffId, ExpiresAt = clock.GetUtcNow() + SetPasswordTokenLifetime });
        return token;
    }

    /// <summary>Uses a set-password token once, ending the account's sign-ins; false when it is unknown, used or expired.</summary>
    public async Task<bool> SetPasswordAsync(string token, string password, CancellationToken ct)
    {
        CheckPassword(password);
        var id = HashToken(token);
        var now = clock.GetUtcNow();
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        var used = await db.Set<SetPasswordToken>().Where(t => t.Id == id && t.UsedAt == null && t.ExpiresAt > now)
            .ExecuteUpdateAsync(s => s.SetProperty(t => t.UsedAt, now), ct);
        var staffId = await db.Set<SetPasswordToken>().Where(t => t.Id == id).Select(t => t.StaffId).SingleOrDefaultAsync(ct);
        var account = used == 1 ? await db.Set<StaffAccount>().SingleOrDefaultAsync(a => a.Id == staffId, ct) : null;
        if (account is null)
        {
            return false;
        }
        await ReplacePasswordAsync(account, password, ct);
        await transaction.CommitAsync(ct);
        return true;
    }

    /// <summary>In the caller's transaction: the new password, the lockout cleared, the account's refresh tokens ended.</summary>
    private async Task ReplacePasswordAsync(StaffAccount account, string password, CancellationToken ct)
    {
        account.PasswordHash = Hasher.HashPassword(account, password);
        account.FailedLogins = 0;
        account.LockedUntil = null;
        await db.SaveChangesAsync(ct);
        await RefreshFamilies.RevokeAllAsync(db, TokenSubject.StaffKind, account.Id, clock.GetUtcNow(), ct);
    }

    private void CheckPassword(string password)
    {
        if (password.Length < options.Value.MinPasswordLength)
        {
            throw new ArgumentException($"password must be at least {options.Value.MinPasswordLength} characters");
        }
    }

    private static string HashToken(string token) =>
        Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(token)));

    public static string NormalizeEmail(string email) => email.Trim().ToLowerInvariant();


    /// <summary>
    /// Changes whenever the password does (the hash is salted afresh each time): a sign-in that carries an
    /// older stamp belongs to a password that is no longer the account's.
    /// </summary>
    public static string PasswordStamp(StaffAccount account) =>
        Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(account.PasswordHash)))[..16];

    /// <summary>
    /// Changes whenever anything that grants access does (password, roles, region, access list), so an access
    /// token that carries an older stamp was issued for powers the account no longer has.
    /// </summary>
    public static string SecurityStamp(StaffAccount account) => SecurityStamp(account.PasswordHash, account.Roles, account.Region, account.AccessControl);

    public static string SecurityStamp(string passwordHash, string roles, string? region, string? accessControl) =>
        Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(
            string.Join('\n', passwordHash, roles, region ?? "", accessControl ?? ""))))[..16];
}
