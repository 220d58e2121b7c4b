using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Vigil.Regions;

/// <summary>A prefecture and the notice its officials show to the app's users there.</summary>
public sealed class Prefecture
{
    public int Id { get; set; }
    public required string Message { get; set; }

    /// <summary>Access keys allowed to see and change it (<see cref="AccessKeys"/>).</summary>
    public required string AccessControl { get; set; }

    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }
}

/// <summary>One administrative action: who, when, what, and the state before and after.</summary>
public sealed class AdminAuditEntry
{
    public long Id { get; set; }
    public required string Actor { get; set; }
    public required string Action { get; set; }
    public required string Target { get; set; }
    public string? Before { get; set; }
    public string? After { get; set; }
    public DateTimeOffset At { get; set; }
}

internal sealed class PrefectureConfiguration : IEntityTypeConfiguration<Prefecture>
{
    public void Configure(EntityTypeBuilder<Prefecture> builder)
    {
        builder.ToTable("Prefectures");
        builder.HasKey(p => p.Id);
        builder.Property(p => p.Id).ValueGeneratedNever();
    }
}

internal sealed class AdminAuditEntryConfiguration : IEntityTypeConfiguration<AdminAuditEntry>
{
    public void Configure(EntityTypeBuilder<AdminAuditEntry> builder)
    {
        builder.ToTable("AdminAudit");
        builder.HasKey(a => a.Id);
        builder.HasIndex(a => a.At);
    }
}
