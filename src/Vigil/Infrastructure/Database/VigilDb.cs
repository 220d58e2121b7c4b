using Microsoft.AspNetCore.DataProtection.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;

namespace Vigil.Infrastructure.Database;

/// <summary>The one EF Core context. Each capability configures its own entities in its folder.</summary>
public sealed class VigilDb : DbContext, IDataProtectionKeyContext
{
    public VigilDb(DbContextOptions<VigilDb> options)
        : base(options)
    {
        // Vigil's transactions commit or roll back whole; EF's automatic savepoints would only add statements.
        Database.AutoSavepointsEnabled = false;
    }

    /// <summary>The Data Protection key ring (see Portal/KeyRing), shared by every node.</summary>
    public DbSet<DataProtectionKey> DataProtectionKeys => Set<DataProtectionKey>();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.ApplyConfigurationsFromAssembly(typeof(VigilDb).Assembly);
        modelBuilder.Entity<DataProtectionKey>().ToTable("DataProtectionKeys");
    }

    protected override void ConfigureConventions(ModelConfigurationBuilder configurationBuilder)
    {
        // Stored as Unix milliseconds: SQLite cannot compare or order DateTimeOffset, and one
        // representation keeps both providers' schemas and queries alike.
        configurationBuilder.Properties<DateTimeOffset>().HaveConversion<UnixMillisecondsConverter>();
        configurationBuilder.Properties<DateTimeOffset?>().HaveConversion<UnixMillisecondsConverter>();
    }
}
