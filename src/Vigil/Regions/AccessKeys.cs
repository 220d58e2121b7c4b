using System.Security.Claims;
using Vigil.Identity.Auth;
using Vigil.Identity.Tokens;

namespace Vigil.Regions;

/// <summary>
/// Mamori's access-key model: every protected row stores the keys that may see and change it (",K1,K2,"),
/// and a caller's key comes from its strongest admin role.
/// </summary>
public static class AccessKeys
{
    public const string Super = "SUPER_ADMIN_KEY";
    public const string National = "NATIONAL_ADMIN_KEY";

    public static string Prefecture(int id) => $"PREFECTURE_ADMIN_KEY|{id}";

    public static string List(params string[] keys) => "," + string.Join(',', keys) + ",";

    /// <summary>The marker a row's access list must contain for this key (for LIKE-style filtering in the query).</summary>
    public static string Marker(string key) => "," + key + ",";

    public static string ForPrefecture(int id) => List(Super, National, Prefecture(id));

    public static string? ForAdmin(string role, int? prefecture) => role switch
    {
        Roles.SuperAdmin => List(Super),
        Roles.NationalAdmin => List(Super, National),
        Roles.PrefectureAdmin when prefecture is { } id => List(Super, National, Prefecture(id)),
        _ => null,
    };

    /// <summary>Whether the caller's key is in <paramref name="accessControl"/>.</summary>
    public static bool Allows(ClaimsPrincipal user, string? accessControl) =>
        accessControl is not null && accessControl.Contains(MarkerOf(user), StringComparison.Ordinal);

    /// <summary>The marker of the caller's key, or one no access list contains when it holds no admin role.</summary>
    public static string MarkerOf(ClaimsPrincipal user) => Of(user) is { } key ? Marker(key) : "\0";

    /// <summary>The caller's access key, or null when it holds no admin role.</summary>
    public static string? Of(ClaimsPrincipal user)
    {
        if (user.IsInRole(Roles.SuperAdmin))
        {
            return Super;
        }
        if (user.IsInRole(Roles.NationalAdmin))
        {
            return National;
        }
        return user.IsInRole(Roles.PrefectureAdmin) && int.TryParse(user.FindFirst(TokenSubjects.RegionClaim)?.Value, out var id)
            ? Prefecture(id)
            : null;
    }
}
