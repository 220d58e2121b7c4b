using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Vigil.Contacts;

/// <summary>A pending request from one user to another; removed when accepted.</summary>
public sealed class ContactRequest
{
    public Guid Id { get; set; }
    public required string FromUserId { get; set; }
    public required string ToUserId { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
}

/// <summary>One direction of a contact: stored twice per accepted request.</summary>
public sealed class Contact
{
    public required string UserId { get; set; }
    public required string ContactUserId { get; set; }
    public DateTimeOffset Since { get; set; }
}

/// <summary>A command message already handled, with what it produced, so a redelivery repeats the output but not the work.</summary>
public sealed class HandledMessage
{
    public required string Id { get; set; }
    public required string Outputs { get; set; }
    public DateTimeOffset HandledAt { get; set; }
}

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
