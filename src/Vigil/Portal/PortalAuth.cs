using System.Security.Claims;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Vigil.Identity.Staff;
using Vigil.Identity.Tokens;

namespace Vigil.Portal;

/// <summary>
/// The portal's cookie sign-in. The principal carries exactly the claims a staff access token carries
/// (<c>sub</c>, <c>role</c>, <c>region</c>, <c>email</c>), so every service that authorises a JSON API
/// call authorises a page the same way.
/// </summary>
public static class PortalAuth
{
    public const string Scheme = "Portal";
    public const string CookieName = "vigil.portal";

    public static ClaimsPrincipal PrincipalFor(TokenSubject subject)
    {
        var identity = new ClaimsIdentity(Scheme, "email", "role");
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
        context.SignInAsync(Scheme, PrincipalFor(TokenSubjects.For(account)), new AuthenticationProperties { IsPersistent = false });

    /// <summary>On every request: the account must still exist and may sign in; its roles and region are re-read.</summary>
    public static async Task ValidateAsync(CookieValidatePrincipalContext context)
    {
        var subjects = context.HttpContext.RequestServices.GetRequiredService<TokenSubjects>();
        var current = Guid.TryParse(context.Principal?.FindFirst("sub")?.Value, out var id)
            ? await subjects.FindAsync(TokenSubject.StaffKind, id, context.HttpContext.RequestAborted)
            : null;
        if (current is null)
        {
            context.RejectPrincipal();
            await context.HttpContext.SignOutAsync(Scheme);
            return;
        }
        context.ReplacePrincipal(PrincipalFor(current));
    }

    /// <summary>The signed-in staff member's id.</summary>
    public static Guid StaffId(this ClaimsPrincipal user) => Guid.TryParse(user.FindFirst("sub")?.Value, out var id) ? id : Guid.Empty;
}
