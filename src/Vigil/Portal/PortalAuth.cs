using System.Security.Claims;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.EntityFrameworkCore;
using Vigil.Identity.Staff;
using Vigil.Identity.Tokens;
using Vigil.Infrastructure.Database;

namespace Vigil.Portal;

/// <summary>
/// The portal's cookie sign-in. The principal carries the claims a staff access token carries
/// (<c>sub</c>, <c>role</c>, <c>region</c>, <c>email</c>), so every service that authorises a JSON API
/// call authorises a page the same way, plus a stamp of the password it was signed in with.
/// </summary>
public static class PortalAuth
{
    public const string Scheme = "Portal";
    public const string CookieName = "vigil.portal";
    private const string PasswordStampClaim = "pwd_stamp";

    public static ClaimsPrincipal PrincipalFor(StaffAccount account)
    {
        var subject = TokenSubjects.For(account);
        var identity = new ClaimsIdentity(Scheme, "email", "role");
        identity.AddClaim(new Claim(PasswordStampClaim, StaffAccounts.PasswordStamp(account)));
        identity.AddClaim(new Claim("sub", subject.Id.ToString()));
        foreach (var role in subject.Roles)
        {
            identity.AddClaim(new Claim("role", role));
        }
        foreach (var (type, value) in subject.Claims)
        {
            identity.AddClaim(new Claim(type, Convert.ToString(value, System.Globalization.CultureInfo.InvariantCulture) ?? ""));
        }
        return new ClaimsPrincipal(identity);
    }

    public static Task SignInAsync(HttpContext context, StaffAccount account) =>
        context.SignInAsync(Scheme, PrincipalFor(account), new AuthenticationProperties { IsPersistent = false });

    /// <summary>
    /// On every request: the account must still exist, not be disabled, and have the password it was signed
    /// in with (a password change or reset ends every other sign-in); its roles and region are re-read.
    /// </summary>
    public static async Task ValidateAsync(CookieValidatePrincipalContext context)
    {
        var db = context.HttpContext.RequestServices.GetRequiredService<VigilDb>();
        var account = Guid.TryParse(context.Principal?.FindFirst("sub")?.Value, out var id)
            ? await db.Set<StaffAccount>().AsNoTracking().SingleOrDefaultAsync(a => a.Id == id && a.DisabledAt == null, context.HttpContext.RequestAborted)
            : null;
        if (account is null || context.Principal?.FindFirst(PasswordStampClaim)?.Value != StaffAccounts.PasswordStamp(account))
        {
            context.RejectPrincipal();
            await context.HttpContext.SignOutAsync(Scheme);
            return;
        }
        context.ReplacePrincipal(PrincipalFor(account));
    }

    /// <summary>The signed-in staff member's id.</summary>
    public static Guid StaffId(this ClaimsPrincipal user) => Guid.TryParse(user.FindFirst("sub")?.Value, out var id) ? id : Guid.Empty;
}
