namespace Vigil.Infrastructure.Database;

public static class DatabaseProviderNames
{
    public static DatabaseProvider Parse(string? name) => name?.Trim().ToLowerInvariant() switch
    {
        null or "" or "sqlite" => DatabaseProvider.Sqlite,
        "postgres" or "postgresql" or "npgsql" => DatabaseProvider.Postgres,
        _ => throw new InvalidOperationException(
            $"Vigil:Database:Provider '{name}' is not known; use 'sqlite' or 'postgres'."),
    };
}
