using Microsoft.EntityFrameworkCore;

namespace Vigil.Infrastructure.Database;

/// <summary>The one EF Core context. Each capability configures its own entities in its folder.</summary>
public sealed class VigilDb : DbContext
{
    public VigilDb(DbContextOptions<VigilDb> options)
        : base(options)
    {
        // Vigil's transactions commit or roll back whole; EF's automatic savepoints would only add statements.
        Database.AutoSavepointsEnabled = false;
    }

    protected override void OnModelCreating(ModelBuilder modelBuilder) =>
        modelBuilder.ApplyConfigurationsFromAssembly(typeof(VigilDb).Assembly);

    protected override void ConfigureConventions(ModelConfigurationBuilder configurationBuilder)
    {
        // Stored as Unix milliseconds: SQLite cannot compare or order DateTimeOffset, and one
        // representation keeps both providers' schemas and queries alike.
        configurationBuilder.Properties<DateTimeOffset>().HaveConversion<UnixMillisecondsConverter>();
        configurationBuilder.Properties<DateTimeOffset?>().HaveConversion<UnixMillisecondsConverter>();
    }
}
