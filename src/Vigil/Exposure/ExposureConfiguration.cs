using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Vigil.Exposure.Claims;
using Vigil.Exposure.Mamori;
using Vigil.Exposure.Metrics;
using Vigil.Exposure.Upload;

namespace Vigil.Exposure;

/// <summary>The tables of Exposure: names, keys and indexes.</summary>
internal sealed class ExposureConfiguration :
    IEntityTypeConfiguration<ClaimFailure>, IEntityTypeConfiguration<KeyClaim>,
    IEntityTypeConfiguration<PositiveReport>, IEntityTypeConfiguration<PositiveTempId>,
    IEntityTypeConfiguration<ExposureDailyMetric>, IEntityTypeConfiguration<ExposureMetricEvent>,
    IEntityTypeConfiguration<DiagnosisKey>
{
    public void Configure(EntityTypeBuilder<ClaimFailure> builder)
    {
        builder.ToTable("ClaimFailures");
        builder.HasKey(f => f.Client);
        builder.HasIndex(f => f.LastFailureAt);
    }

    public void Configure(EntityTypeBuilder<KeyClaim> builder)
    {
        builder.ToTable("KeyClaims");
        builder.HasKey(c => c.Id);
        builder.HasIndex(c => c.CodeHash).IsUnique();
        builder.HasIndex(c => c.HashId).IsUnique();
        builder.HasIndex(c => c.ServerPublicKey).IsUnique();
        builder.HasIndex(c => c.AppPublicKey).IsUnique();
        builder.HasIndex(c => c.ExpiresAt);
    }

    public void Configure(EntityTypeBuilder<PositiveReport> builder)
    {
        builder.ToTable("PositiveReports");
        builder.HasKey(r => r.Id);
        builder.HasIndex(r => new { r.UserId, r.RandomId });
        builder.HasIndex(r => r.Status);
        builder.HasMany(r => r.TempIds).WithOne().HasForeignKey(t => t.ReportId).OnDelete(DeleteBehavior.Cascade);
    }

    public void Configure(EntityTypeBuilder<PositiveTempId> builder)
    {
        builder.ToTable("PositiveTempIds");
        builder.HasKey(t => t.Id);
        builder.HasIndex(t => t.ReportId);
        builder.HasIndex(t => t.ValidFrom);
    }

    public void Configure(EntityTypeBuilder<ExposureDailyMetric> builder)
    {
        builder.ToTable("ExposureDailyMetrics");
        builder.HasKey(m => new { m.ApiKeyId, m.Day });
        builder.HasIndex(m => new { m.Region, m.Day });
    }

    public void Configure(EntityTypeBuilder<ExposureMetricEvent> builder)
    {
        builder.ToTable("ExposureMetricEvents");
        builder.HasKey(e => e.Id);
    }

    public void Configure(EntityTypeBuilder<DiagnosisKey> builder)
    {
        builder.ToTable("DiagnosisKeys");
        builder.HasKey(k => k.KeyData);
        builder.HasIndex(k => new { k.Region, k.HourOfSubmission });
        builder.HasIndex(k => k.HourOfSubmission);
    }
}
