using System.Data.Common;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.Extensions.DependencyInjection;
using Vigil.Infrastructure.Database;
using Vigil.Tests.Support;

namespace Vigil.Tests.Infrastructure;

/// <summary>The hand-written migrations must build exactly the schema the EF model describes.</summary>
public sealed partial class SchemaMatchesModelTests(VigilApps apps) : IClassFixture<VigilApps>
{
    public static TheoryData<string> Providers => TestDatabases.All;

    [Theory, MemberData(nameof(Providers))]
    public async Task The_migrated_schema_has_exactly_the_models_tables_columns_and_indexes(string provider)
    {
        var app = await apps.For(provider);
        await using var scope = app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<VigilDb>();

        Assert.Empty(await db.Database.GetPendingMigrationsAsync());
        var expected = ModelSchema(db.Model);
        var actual = provider == TestDatabases.Sqlite ? await SqliteSchemaAsync(db) : await PostgresSchemaAsync(db);

        Assert.Equal(expected.Keys.Order(), actual.Keys.Order());
        foreach (var table in expected.Keys)
        {
            Assert.Equal(expected[table].Columns.Order(), actual[table].Columns.Order());
            Assert.Equal(expected[table].Indexes.Order(), actual[table].Indexes.Order());
        }
    }

    private sealed record Table(List<string> Columns, List<string> Indexes);

    private static Dictionary<string, Table> ModelSchema(IModel model) =>
        model.GetEntityTypes().ToDictionary(e => e.GetTableName()!, e =>
        {
            var store = StoreObjectIdentifier.Table(e.GetTableName()!);
            return new Table(
                e.GetProperties().Select(p => Column(p.GetColumnName(store)!, p.GetColumnType(), p.IsColumnNullable(store))).ToList(),
                e.GetIndexes().Select(i => Index(i.GetDatabaseName(store)!, i.IsUnique, i.Properties.Select(p => p.GetColumnName(store)!))).ToList());
        });

    private static async Task<Dictionary<string, Table>> SqliteSchemaAsync(VigilDb db)
    {
        var connection = await OpenAsync(db);
        var tables = await QueryAsync(connection, """SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite\_%' ESCAPE '\' AND name NOT LIKE '\_\_EF%' ESCAPE '\'""", r => r.GetString(0));
        var schema = new Dictionary<string, Table>();
        foreach (var table in tables)
        {
            var columns = await QueryAsync(connection, $"PRAGMA table_info('{table}')",
                r => Column(r.GetString(1), r.GetString(2), r.GetInt64(3) == 0 && r.GetInt64(5) == 0));
            var indexes = new List<string>();
            foreach (var (name, unique) in await QueryAsync(connection, $"PRAGMA index_list('{table}')", r => (r.GetString(1), r.GetInt64(2) == 1)))
            {
                if (!name.StartsWith("sqlite_autoindex", StringComparison.Ordinal))
                {
                    indexes.Add(Index(name, unique, await QueryAsync(connection, $"PRAGMA index_info('{name}')", r => r.GetString(2))));
                }
            }
            schema[table] = new Table(columns, indexes);
        }
        return schema;
    }

    private static async Task<Dictionary<string, Table>> PostgresSchemaAsync(VigilDb db)
    {
        var connection = await OpenAsync(db);
        var columns = await QueryAsync(connection,
            "SELECT table_name, column_name, data_type, is_nullable FROM information_schema.columns WHERE table_schema = 'public' AND table_name NOT LIKE '\\_\\_EF%'",
            r => (Table: r.GetString(0), Column: Column(r.GetString(1), r.GetString(2), r.GetString(3) == "YES")));
        var indexes = await QueryAsync(connection,
            "SELECT tablename, indexname, indexdef FROM pg_indexes WHERE schemaname = 'public' AND indexname NOT LIKE 'PK\\_%' AND tablename NOT LIKE '\\_\\_EF%'",
            r => (Table: r.GetString(0), Index: Index(r.GetString(1), r.GetString(2).StartsWith("CREATE UNIQUE", StringComparison.Ordinal),
                IndexColumns().Match(r.GetString(2)).Groups[1].Value.Split(", ").Select(c => c.Trim('"')))));
        return columns.GroupBy(c => c.Table).ToDictionary(g => g.Key, g => new Table(
            g.Select(c => c.Column).ToList(),
            indexes.Where(i => i.Table == g.Key).Select(i => i.Index).ToList()));
    }

    private static string Column(string name, string type, bool nullable) => $"{name} {type.ToLowerInvariant()}{(nullable ? " null" : "")}";

    private static string Index(string name, bool unique, IEnumerable<string> columns) =>
        $"{name} {(unique ? "unique " : "")}({string.Join(",", columns)})";

    private static async Task<DbConnection> OpenAsync(VigilDb db)
    {
        var connection = db.Database.GetDbConnection();
        if (connection.State != System.Data.ConnectionState.Open)
        {
            await connection.OpenAsync();
        }
        return connection;
    }

    private static async Task<List<T>> QueryAsync<T>(DbConnection connection, string sql, Func<DbDataReader, T> read)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        await using var reader = await command.ExecuteReaderAsync();
        var rows = new List<T>();
        while (await reader.ReadAsync())
        {
            rows.Add(read(reader));
        }
        return rows;
    }

    [GeneratedRegex(@"\((.*)\)")]
    private static partial Regex IndexColumns();
}
