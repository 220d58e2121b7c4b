namespace Vigil.Identity.Staff;

/// <summary>Settings under <c>Vigil:Staff</c>.</summary>
public sealed class StaffOptions
{
    public const string Section = "Vigil:Staff";

    public int MinPasswordLength { get; set; } = 10;
    public int MaxFailedLogins { get; set; } = 5;
    public TimeSpan LockoutDuration { get; set; } = TimeSpan.FromMinutes(15);
}
