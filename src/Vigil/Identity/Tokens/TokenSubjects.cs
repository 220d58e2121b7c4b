using Microsoft.EntityFrameworkCore;
using Vigil.Identity.Auth;
using Vigil.Identity.Staff;
using Vigil.Identity.Users;
using Vigil.Infrastructure.Database;

namespace Vigil.Identity.Tokens;

/// <summary>Builds the token subject of an app user or staff account, and finds it again on refresh.</summary>
public sealed class TokenSubjects(VigilDb db)
{
    public const string PrefectureClaim = "prefecture";
    public const string PhoneHashClaim = "phone_hash";
    public const string RegionClaim = "region";

    /// <summary>A staff access token's <see cref="StaffAccounts.SecurityStamp(StaffAccount)"/>, checked on every use.</summary>
    public const string StampClaim = "sst";

    public static TokenSubject For(AppUser user)
    {
        var claims = new Dictionary<string, object>();
        if (user.Prefecture is { } prefecture)
        {
            claims[PrefectureClaim] = prefecture;
        }
        if (user.PhoneHash is { } phoneHash)
        {
            claims[PhoneHashClaim] = phoneHash;
        }
        return new TokenSubject(TokenSubject.AppUserKind, user.Id, [Roles.AppUser], claims);
    }

    public static TokenSubject For(StaffAccount account)
    {
        var claims = new Dictionary<string, object> { ["email"] = account.Email, [StampClaim] = StaffAccounts.SecurityStamp(account) };
        if (account.Region is { } region)
        {
            claims[RegionClaim] = region;
        }
        return new TokenSubject(TokenSubject.StaffKind, account.Id, account.RoleList, claims);
    }

    /// <summary>The subject as it is now, or null when it no longer exists or may not sign in.</summary>
    public async Task<TokenSubject?> FindAsync(string kind, Guid id, CancellationToken cancellationToken)
    {
        switch (kind)
        {
            case TokenSubject.AppUserKind:
                var user = await db.Set<AppUser>().AsNoTracking().SingleOrDefaultAsync(u => u.Id == id, cancellationToken);
                return user is null ? null : For(user);
            case TokenSubject.StaffKind:
                var account = await db.Set<StaffAccount>().AsNoTracking().SingleOrDefaultAsync(a => a.Id == id, cancellationToken);
                return account is null || account.DisabledAt is not null ? null : For(account);
            default:
                return null;
        }
    }
}
