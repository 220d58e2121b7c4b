using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Vigil.Outbreaks;

/// <summary>The tables of Outbreaks: names, keys and indexes.</summary>
internal sealed class OutbreaksConfiguration :
    IEntityTypeConfiguration<OutbreakEventAudit>, IEntityTypeConfiguration<OutbreakEvent>,
    IEntityTypeConfiguration<OutbreakExportVersion>
{
    public void Configure(EntityTypeBuilder<OutbreakEventAudit> builder)
    {
        builder.ToTable("OutbreakEventAudits");
        builder.HasKey(a => a.Id);
        builder.HasIndex(a => a.EventId);
    }

    public void Configure(EntityTypeBuilder<OutbreakEvent> builder)
    {
        builder.ToTable("OutbreakEvents");
        builder.HasKey(e => e.Id);
        builder.HasIndex(e => new { e.Region, e.CreatedAt });
        builder.HasIndex(e => e.LocationId);
    }

    public void Configure(EntityTypeBuilder<OutbreakExportVersion> builder)
    {
        builder.ToTable("OutbreakExportVersions");
        builder.HasKey(v => new { v.Region, v.Day });
    }
}
