using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Vigil.Identity.ApiKeys;
using Vigil.Identity.HandlerKeys;
using Vigil.Identity.Phone;
using Vigil.Identity.Staff;
using Vigil.Identity.Tokens;
using Vigil.Identity.Users;

namespace Vigil.Identity;

/// <summary>The tables of Identity: names, keys and indexes.</summary>
internal sealed class IdentityConfiguration :
    IEntityTypeConfiguration<ApiKey>, IEntityTypeConfiguration<HandlerKey>,
    IEntityTypeConfiguration<VerificationSession>, IEntityTypeConfiguration<SetPasswordToken>,
    IEntityTypeConfiguration<StaffAccount>, IEntityTypeConfiguration<RefreshFamily>,
    IEntityTypeConfiguration<RefreshToken>, IEntityTypeConfiguration<AppUser>
{
    public void Configure(EntityTypeBuilder<ApiKey> builder)
    {
        builder.ToTable("ApiKeys");
        builder.HasKey(k => k.Id);
        builder.HasIndex(k => k.Hash).IsUnique();
    }

    public void Configure(EntityTypeBuilder<HandlerKey> builder)
    {
        builder.ToTable("HandlerKeys");
        builder.HasKey(k => k.Id);
        builder.HasIndex(k => k.Hash).IsUnique();
    }

    public void Configure(EntityTypeBuilder<VerificationSession> builder)
    {
        builder.ToTable("VerificationSessions");
        builder.HasKey(s => s.Id);
        builder.HasIndex(s => new { s.PhoneHash, s.CreatedAt });
        builder.HasIndex(s => s.ExpiresAt);
    }

    public void Configure(EntityTypeBuilder<SetPasswordToken> builder)
    {
        builder.ToTable("SetPasswordTokens");
        builder.HasKey(t => t.Id);
        builder.HasIndex(t => t.StaffId);
    }

    public void Configure(EntityTypeBuilder<StaffAccount> builder)
    {
        builder.ToTable("StaffAccounts");
        builder.HasKey(a => a.Id);
        builder.HasIndex(a => a.Email).IsUnique();
        builder.Ignore(a => a.RoleList);
    }

    public void Configure(EntityTypeBuilder<RefreshFamily> builder)
    {
        builder.ToTable("RefreshFamilies");
        builder.HasKey(f => f.Id);
        builder.HasIndex(f => new { f.SubjectKind, f.SubjectId });
    }

    public void Configure(EntityTypeBuilder<RefreshToken> builder)
    {
        builder.ToTable("RefreshTokens");
        builder.HasKey(t => t.Id);
        builder.HasIndex(t => t.FamilyId);
        builder.HasIndex(t => t.ExpiresAt);
        builder.HasOne<RefreshFamily>().WithMany().HasForeignKey(t => t.FamilyId).OnDelete(DeleteBehavior.Cascade);
    }

    public void Configure(EntityTypeBuilder<AppUser> builder)
    {
        builder.ToTable("AppUsers");
        builder.HasKey(u => u.Id);
        builder.HasIndex(u => u.PhoneHash).IsUnique();
    }
}
