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
