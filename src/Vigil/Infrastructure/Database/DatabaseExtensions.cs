using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.Options;

namespace Vigil.Infrastructure.Database;

public static class DatabaseExtensions
{
    public const string ConnectionStringName = "Vigil";

    /// <summary>
    /// Registers <see cref="VigilDb"/> on SQLite (default) or PostgreSQL, chosen by <c>Vigil:Database:Provider</c>, and
    /// the migrations at start-up (<c>Vigil:Database:MigrateAtStartup</c>) unless <paramref name="ownsSchema"/> is false.
    /// </summary>
    public static IHostApplicationBuilder AddVigilDatabase(this IHostApplicationBuilder builder, bool ownsSchema = true)
    {
        builder.Services.AddDbContextPool<VigilDb>((services, options) =>
        {
            var settings = services.GetRequiredService<IOptions<VigilOptions>>().Value.Database;
            switch (DatabaseConnections.For(settings.Provider, builder.Configuration, services.GetRequiredService<DataDirectory>()))
            {
                case (DatabaseProvider.Sqlite, var connectionString):
                    options.UseSqlite(connectionString);
                    break;
                case (_, var connectionString):
                    options.UseNpgsql(connectionString);
                    break;
            }
            // Migrations are written by hand (no design-time package here), so there is no model
            // snapshot to compare with; SchemaMatchesModelTests proves the schema instead.
            options.ConfigureWarnings(w => w.Ignore(RelationalEventId.PendingModelChangesWarning)
                // Every failure also reaches Vigil's code, which logs it once (an outage once per interval, see
                // DatabaseOutage); EF's own copies, each with a stack trace, would repeat it per request.
                .Log((RelationalEventId.CommandError, LogLevel.Debug), (CoreEventId.QueryIterationFailed, LogLevel.Debug),
                    (CoreEventId.SaveChangesFailed, LogLevel.Debug), (RelationalEventId.ConnectionError, LogLevel.Debug),
                    (RelationalEventId.TransactionError, LogLevel.Debug)));
        });
        builder.Services.AddSingleton<DatabaseConnections>();
        builder.Services.AddSingleton<DatabaseMigrator>();
        builder.Services.AddScoped<SqliteBackups>();
        if (ownsSchema)
        {
            builder.Services.AddHostedService<MigrateAtStartup>();
        }
        return builder;
    }

    /// <summary>
    /// Hot statements (claims, uploads) run thousands of times a second; letting Npgsql prepare them spares
    /// PostgreSQL a parse and plan each time. An explicit setting in the connection string wins.
    /// </summary>
    internal static string WithAutoPrepare(string connectionString)
    {
        var builder = new Npgsql.NpgsqlConnectionStringBuilder(connectionString);
        if (!connectionString.Contains("Auto Prepare", StringComparison.OrdinalIgnoreCase))
        {
            builder.MaxAutoPrepare = 64;
        }
        return builder.ConnectionString;
    }
}
