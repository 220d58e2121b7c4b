namespace Vigil.Identity.Staff;

/// <summary>A person who signs in with email and password: administrators, clinic staff, health-authority staff.</summary>
public sealed class StaffAccount
{
    public Guid Id { get; set; }

    /// <summary>Lower-cased, trimmed; unique.</summary>
    public required string Email { get; set; }
    public required string PasswordHash { get; set; }

    /// <summary>Space-separated role names (see <see cref="Auth.Roles"/>).</summary>
    public required string Roles { get; set; }

    /// <summary>Region the account is confined to (an MCC, or a prefecture number); null for national scope.</summary>
    public string? Region { get; set; }

    /// <summary>For administrators: the access keys that may see and manage this account (see Regions).</summary>
    public string? AccessControl { get; set; }

    public int FailedLogins { get; set; }
    public DateTimeOffset? LockedUntil { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset? DisabledAt { get; set; }

    public IReadOnlyList<string> RoleList => Roles.Split(' ', StringSplitOptions.RemoveEmptyEntries);
}
