using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Vigil.Care;

internal sealed class CareConfiguration :
    IEntityTypeConfiguration<CatalogItem>, IEntityTypeConfiguration<Patient>, IEntityTypeConfiguration<CareRecord>,
    IEntityTypeConfiguration<CareSession>, IEntityTypeConfiguration<ClinicStaff>
{
    public void Configure(EntityTypeBuilder<CatalogItem> builder)
    {
        builder.ToTable("CareCatalog");
        builder.HasKey(c => c.Id);
        builder.Property(c => c.Id).ValueGeneratedNever();
    }

    public void Configure(EntityTypeBuilder<Patient> builder)
    {
        builder.ToTable("CarePatients");
        builder.HasKey(p => p.Id);
        builder.HasIndex(p => p.Cellphone).IsUnique();
        builder.HasIndex(p => p.LastName);
    }

    public void Configure(EntityTypeBuilder<CareRecord> builder)
    {
        builder.ToTable("CareRecords");
        builder.HasKey(r => r.Id);
        builder.HasIndex(r => new { r.ClinicianId, r.Open });
        builder.HasIndex(r => r.PatientId);
    }

    public void Configure(EntityTypeBuilder<CareSession> builder)
    {
        builder.ToTable("CareSessions");
        builder.HasKey(s => s.Id);
        builder.HasIndex(s => new { s.RecordId, s.Number }).IsUnique();
        builder.HasIndex(s => s.Date);
    }

    public void Configure(EntityTypeBuilder<ClinicStaff> builder)
    {
        builder.ToTable("CareStaff");
        builder.HasKey(s => s.Id);
        builder.Property(s => s.Id).ValueGeneratedNever();
    }
}
