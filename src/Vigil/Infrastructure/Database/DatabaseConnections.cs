using System.Data.Common;
using Microsoft.Extensions.Options;

namespace Vigil.Infrastructure.Database;

/// <summary>
/// Connections to Vigil's database without EF Core, for the few hot lookups of the MQTT broker: a process that only
/// brokers (<c>vigil broker</c>) then never builds the EF model, which costs more memory than the broker itself.
/// </summary>
public sealed class DatabaseConnections(IOptions<VigilOptions> options, IConfiguration configuration, DataDirectory dataDirectory) : IAsyncDisposable
{
    private readonly Lock _gate = new();
    private DbDataSource? _source;

    /// <summary>An open connection (pooled by the provider); the caller disposes it.</summary>
    public ValueTask<DbConnection> OpenAsync(CancellationToken cancellationToken) => Source().OpenConnectionAsync(cancellationToken);

    private DbDataSource Source()
    {
        lock (_gate)
        {
            return _source ??= For(options.Value.Database.Provider, configuration, dataDirectory) switch
            {
                (DatabaseProvider.Sqlite, var connectionString) => Microsoft.Data.Sqlite.SqliteFactory.Instance.CreateDataSource(connectionString),
                (_, var connectionString) => Npgsql.NpgsqlDataSource.Create(connectionString),
            };
        }
    }

    /// <summary>The provider and connection string of Vigil's database, as EF Core and these connections both use them.</summary>
    public static (DatabaseProvider Provider, string ConnectionString) For(string provider, IConfiguration configuration, DataDirectory dataDirectory)
    {
        var configured = configuration.GetConnectionString(DatabaseExtensions.ConnectionStringName);
        return DatabaseProviderNames.Parse(provider) switch
        {
            DatabaseProvider.Sqlite => (DatabaseProvider.Sqlite, string.IsNullOrWhiteSpace(configured) ? $"Data Source={dataDirectory.OwnerOnlyFile("vigil.db")}" : configured),
            _ when string.IsNullOrWhiteSpace(configured) =>
                throw new InvalidOperationException("Vigil:Database:Provider is postgres but ConnectionStrings:Vigil is not set."),
            var postgres => (postgres, DatabaseExtensions.WithAutoPrepare(configured)),
        };
    }

    public async ValueTask DisposeAsync()
    {
        if (_source is not null)
        {
            await _source.DisposeAsync();
        }
    }
}
