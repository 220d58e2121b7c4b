using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

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

internal sealed class StaffAccountConfiguration : IEntityTypeConfiguration<StaffAccount>
{
    public void Configure(EntityTypeBuilder<StaffAccount> builder)
    {
        builder.ToTable("StaffAccounts");
        builder.HasKey(a => a.Id);
        builder.HasIndex(a => a.Email).IsUnique();
        builder.Ignore(a => a.RoleList);
    }
}

/// <summary>A single-use, 24-hour token with which a new staff member sets a first password. Only its hash is kept.</summary>
public sealed class SetPasswordToken
{
    public required string Id { get; set; }
    public Guid StaffId { get; set; }
    public DateTimeOffset ExpiresAt { get; set; }
    public DateTimeOffset? UsedAt { get; set; }
}

internal sealed class SetPasswordTokenConfiguration : IEntityTypeConfiguration<SetPasswordToken>
{
    public void Configure(EntityTypeBuilder<SetPasswordToken> builder)
    {
        builder.ToTable("SetPasswordTokens");
        builder.HasKey(t => t.Id);
        builder.HasIndex(t => t.StaffId);
    }
}
