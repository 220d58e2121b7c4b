namespace Vigil.Infrastructure.Database;

public enum DatabaseProvider
{
    Sqlite,
    Postgres,
}
