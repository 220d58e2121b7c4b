using System.Security.Claims;
using Vigil.Identity.Auth;
using Vigil.Identity.Tokens;

namespace Vigil.Broker.Security;

/// <summary>
/// A device connected with a staff token remembers the account and stamp it connected with
/// (<c>staff:{id}:{stamp}</c>), so <see cref="EndedStaffConnections"/> can close it once the account changes.
/// </summary>
internal static class StaffDeviceCredential
{
    private const string Prefix = "staff:";

    public static string? Of(ClaimsIdentity identity) =>
        identity.FindAll("role").Any(r => Roles.Staff.Contains(r.Value)) && identity.FindFirst(TokenSubjects.StampClaim)?.Value is { } stamp
            ? $"{Prefix}{identity.FindFirst("sub")?.Value}:{stamp}"
            : null;

    /// <summary>Whether a connection's credential is a staff token's (the cheap test before <see cref="TryParse"/>).</summary>
    public static bool IsStaff(string? credential) => credential?.StartsWith(Prefix, StringComparison.Ordinal) == true;

    public static bool TryParse(string? credential, out Guid staffId, out string stamp)
    {
        (staffId, stamp) = (Guid.Empty, "");
        if (credential is null || !credential.StartsWith(Prefix, StringComparison.Ordinal))
        {
            return false;
        }
        var parts = credential[Prefix.Length..].Split(':');
        if (parts.Length != 2 || !Guid.TryParse(parts[0], out staffId))
        {
            return false;
        }
        stamp = parts[1];
        return true;
    }
}
