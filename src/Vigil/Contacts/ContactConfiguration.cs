using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Vigil.Contacts;

internal sealed class ContactConfiguration :
    IEntityTypeConfiguration<ContactRequest>, IEntityTypeConfiguration<Contact>, IEntityTypeConfiguration<HandledMessage>
{
    public void Configure(EntityTypeBuilder<ContactRequest> builder)
    {
        builder.ToTable("ContactRequests");
        builder.HasKey(r => r.Id);
        builder.HasIndex(r => new { r.FromUserId, r.ToUserId }).IsUnique();
        builder.HasIndex(r => r.ToUserId);
    }

    public void Configure(EntityTypeBuilder<Contact> builder)
    {
        builder.ToTable("Contacts");
        builder.HasKey(c => new { c.UserId, c.ContactUserId });
    }

    public void Configure(EntityTypeBuilder<HandledMessage> builder)
    {
        builder.ToTable("HandledMessages");
        builder.HasKey(m => m.Id);
        builder.HasIndex(m => m.HandledAt);
    }
}
