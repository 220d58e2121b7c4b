namespace Vigil.Identity.Staff;

/// <summary>The outcome of a sign-in: the account, or why not (locked until a time, or simply invalid).</summary>
public sealed record StaffSignIn(StaffAccount? Account, DateTimeOffset? LockedUntil)
{
    public static readonly StaffSignIn Invalid = new(null, null);
}
