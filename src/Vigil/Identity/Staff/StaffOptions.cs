namespace Vigil.Identity.Staff;

/// <summary>Settings under <c>Vigil:Staff</c>.</summary>
public sealed class StaffOptions
{
    public const string Section = "Vigil:Staff";

    public int MinPasswordLength { get; set; } = 10;
    public int MaxFailedLogins { get; set; } = 5;
    public TimeSpan LockoutDuration { get; set; } = TimeSpan.FromMinutes(15);

    /// <summary>
    /// How long a node trusts what it last read of an account when checking a staff access token's stamp:
    /// the longest a deleted, disabled, re-roled or re-passworded account keeps working with an old token.
    /// </summary>
    public TimeSpan AccessCheckInterval { get; set; } = TimeSpan.FromSeconds(5);
}
