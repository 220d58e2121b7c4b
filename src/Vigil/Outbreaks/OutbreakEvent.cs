using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Vigil.Outbreaks;

/// <summary>A venue's outbreak: its location id and exposure window, as a health authority reported it.</summary>
public sealed class OutbreakEvent
{
    public Guid Id { get; set; }
    public required string LocationId { get; set; }
    public DateTimeOffset StartTime { get; set; }
    public DateTimeOffset EndTime { get; set; }
    public int Severity { get; set; }
    public required string Region { get; set; }

    /// <summary>The API key that submitted it.</summary>
    public Guid ApiKeyId { get; set; }

    /// <summary>When the server received it: decides which day's export lists it.</summary>
    public DateTimeOffset CreatedAt { get; set; }

    public DateTimeOffset? WithdrawnAt { get; set; }
    public string? WithdrawnReason { get; set; }
}

/// <summary>Who changed an event, when, and what.</summary>
public sealed class OutbreakEventAudit
{
    public long Id { get; set; }
    public Guid EventId { get; set; }
    public required string Actor { get; set; }
    public required string Action { get; set; }
    public required string Details { get; set; }
    public DateTimeOffset At { get; set; }
}

/// <summary>Bumped whenever an event of that region and creation day changes, so cached exports of the day are rebuilt.</summary>
public sealed class OutbreakExportVersion
{
    public required string Region { get; set; }
    public int Day { get; set; }
    public int Version { get; set; }
}

internal sealed class OutbreakEventConfiguration : IEntityTypeConfiguration<OutbreakEvent>
{
    public void Configure(EntityTypeBuilder<OutbreakEvent> builder)
    {
        builder.ToTable("OutbreakEvents");
        builder.HasKey(e => e.Id);
        builder.HasIndex(e => new { e.Region, e.CreatedAt });
        builder.HasIndex(e => e.LocationId);
    }
}

internal sealed class OutbreakEventAuditConfiguration : IEntityTypeConfiguration<OutbreakEventAudit>
{
    public void Configure(EntityTypeBuilder<OutbreakEventAudit> builder)
    {
        builder.ToTable("OutbreakEventAudits");
        builder.HasKey(a => a.Id);
        builder.HasIndex(a => a.EventId);
    }
}

internal sealed class OutbreakExportVersionConfiguration : IEntityTypeConfiguration<OutbreakExportVersion>
{
    public void Configure(EntityTypeBuilder<OutbreakExportVersion> builder)
    {
        builder.ToTable("OutbreakExportVersions");
        builder.HasKey(v => new { v.Region, v.Day });
    }
}
