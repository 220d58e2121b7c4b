using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Vigil.Identity.Credentials;

namespace Vigil.Identity.HandlerKeys;

/// <summary>A back-end handler's broker credential (<c>vgh_…</c>). Only its SHA-256 is stored.</summary>
public sealed class HandlerKey : HashedCredential;

internal sealed class HandlerKeyConfiguration : IEntityTypeConfiguration<HandlerKey>
{
    public void Configure(EntityTypeBuilder<HandlerKey> builder)
    {
        builder.ToTable("HandlerKeys");
        builder.HasKey(k => k.Id);
        builder.HasIndex(k => k.Hash).IsUnique();
    }
}
