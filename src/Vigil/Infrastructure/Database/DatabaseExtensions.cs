using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.Options;

namespace Vigil.Infrastructure.Database;

public static class DatabaseExtensions
{
    public const string ConnectionStringName = "Vigil";

    /// <summary>Registers <see cref="VigilDb"/> on SQLite (default) or PostgreSQL, chosen by <c>Vigil:Database:Provider</c>.</summary>
    public static IHostApplicationBuilder AddVigilDatabase(this IHostApplicationBuilder builder)
    {
        builder.Services.AddDbContextPool<VigilDb>((services, options) =>
        {
            var settings = services.GetRequiredService<IOptions<VigilOptions>>().Value.Database;
            var configured = builder.Configuration.GetConnectionString(ConnectionStringName);
            switch (DatabaseProviderNames.Parse(settings.Provider))
            {
                case DatabaseProvider.Sqlite:
                    var dataDirectory = services.GetRequiredService<DataDirectory>();
                    options.UseSqlite(string.IsNullOrWhiteSpace(configured)
                        ? $"Data Source={dataDirectory.File("vigil.db")}"
                        : configured);
                    break;
                case DatabaseProvider.Postgres:
                    if (string.IsNullOrWhiteSpace(configured))
                    {
                        throw new InvalidOperationException(
                            "Vigil:Database:Provider is postgres but ConnectionStrings:Vigil is not set.");
                    }
                    options.UseNpgsql(WithAutoPrepare(configured));
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
        builder.Services.AddSingleton<DatabaseMigrator>();
        builder.Services.AddScoped<SqliteBackups>();
        builder.Services.AddHostedService<MigrateAtStartup>();
        return builder;
    }

    /// <summary>
    /// Hot statements (claims, uploads) run thousands of times a second; letting Npgsql prepare them spares
    /// PostgreSQL a parse and plan each time. An explicit setting in the connection string wins.
    /// </summary>
    private static string WithAutoPrepare(string connectionString)
    {
        var builder = new Npgsql.NpgsqlConnectionStringBuilder(connectionString);
        if (!connectionString.Contains("Auto Prepare", StringComparison.OrdinalIgnoreCase))
        {
            builder.MaxAutoPrepare = 64;
        }
        return builder.ConnectionString;
    }
}
