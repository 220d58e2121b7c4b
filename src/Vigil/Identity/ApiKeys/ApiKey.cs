using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Vigil.Identity.ApiKeys;

/// <summary>A health authority's system credential, bound to one region. Only its SHA-256 is stored.</summary>
public sealed class ApiKey
{
    public Guid Id { get; set; }
    public required string Name { get; set; }
    public required string Region { get; set; }

    /// <summary>The key's first characters, shown in listings so an operator can tell keys apart.</summary>
    public required string Prefix { get; set; }

    /// <summary>Hex SHA-256 of the whole key.</summary>
    public required string Hash { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset? RevokedAt { get; set; }
}

internal sealed class ApiKeyConfiguration : IEntityTypeConfiguration<ApiKey>
{
    public void Configure(EntityTypeBuilder<ApiKey> builder)
    {
        builder.ToTable("ApiKeys");
        builder.HasKey(k => k.Id);
        builder.HasIndex(k => k.Hash).IsUnique();
    }
}
