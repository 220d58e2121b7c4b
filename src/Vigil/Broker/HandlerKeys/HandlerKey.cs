using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Vigil.Broker.HandlerKeys;

/// <summary>A back-end handler's broker credential. Only its SHA-256 is stored.</summary>
public sealed class HandlerKey
{
    public Guid Id { get; set; }
    public required string Name { get; set; }

    /// <summary>The key's first characters, shown in listings.</summary>
    public required string Prefix { get; set; }

    /// <summary>Hex SHA-256 of the whole key.</summary>
    public required string Hash { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset? RevokedAt { get; set; }
}

internal sealed class HandlerKeyConfiguration : IEntityTypeConfiguration<HandlerKey>
{
    public void Configure(EntityTypeBuilder<HandlerKey> builder)
    {
        builder.ToTable("HandlerKeys");
        builder.HasKey(k => k.Id);
        builder.HasIndex(k => k.Hash).IsUnique();
    }
}
