using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Vigil.Exposure.Mamori;

public enum PositiveReportStatus
{
    Pending = 0,
    Published = 1,
    Rejected = 2,
}

/// <summary>
/// An app user's positive report: its temporary IDs and the health-center token that vouches for it.
/// Published only after the token is validated; the token is erased once decided.
/// </summary>
public sealed class PositiveReport
{
    public Guid Id { get; set; }
    public Guid UserId { get; set; }
    public required string RandomId { get; set; }
    public string? HealthCenterToken { get; set; }
    public PositiveReportStatus Status { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset? DecidedAt { get; set; }

    /// <summary>A validating node holds the report until then, so two nodes never judge it at once.</summary>
    public DateTimeOffset? LeaseUntil { get; set; }

    public List<PositiveTempId> TempIds { get; set; } = [];
}

public sealed class PositiveTempId
{
    public long Id { get; set; }
    public Guid ReportId { get; set; }
    public required string TempId { get; set; }

    /// <summary>Unix seconds.</summary>
    public long ValidFrom { get; set; }
    public long ValidTo { get; set; }
}

internal sealed class PositiveReportConfiguration : IEntityTypeConfiguration<PositiveReport>
{
    public void Configure(EntityTypeBuilder<PositiveReport> builder)
    {
        builder.ToTable("PositiveReports");
        builder.HasKey(r => r.Id);
        builder.HasIndex(r => new { r.UserId, r.RandomId });
        builder.HasIndex(r => r.Status);
        builder.HasMany(r => r.TempIds).WithOne().HasForeignKey(t => t.ReportId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class PositiveTempIdConfiguration : IEntityTypeConfiguration<PositiveTempId>
{
    public void Configure(EntityTypeBuilder<PositiveTempId> builder)
    {
        builder.ToTable("PositiveTempIds");
        builder.HasKey(t => t.Id);
        builder.HasIndex(t => t.ReportId);
        builder.HasIndex(t => t.ValidFrom);
    }
}
