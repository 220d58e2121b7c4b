using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Vigil.Regions;

/// <summary>The tables of Regions: names, keys and indexes.</summary>
internal sealed class RegionsConfiguration :
    IEntityTypeConfiguration<AdminAuditEntry>, IEntityTypeConfiguration<Prefecture>
{
    public void Configure(EntityTypeBuilder<AdminAuditEntry> builder)
    {
        builder.ToTable("AdminAudit");
        builder.HasKey(a => a.Id);
        builder.HasIndex(a => a.At);
    }

    public void Configure(EntityTypeBuilder<Prefecture> builder)
    {
        builder.ToTable("Prefectures");
        builder.HasKey(p => p.Id);
        builder.Property(p => p.Id).ValueGeneratedNever();
    }
}
