using System.Data.Common;

namespace Vigil.Infrastructure.Database;

public static class DbCommandExtensions
{
    /// <summary>Adds a named parameter (<c>@name</c> works on both providers) and returns the command for chaining.</summary>
    public static DbCommand AddParameter(this DbCommand command, string name, object? value)
    {
        var parameter = command.CreateParameter();
        parameter.ParameterName = name;
        // EF Core keeps Guids in SQLite as upper-case text; a raw SqliteParameter would bind a 16-byte blob.
        parameter.Value = value is Guid guid && command is Microsoft.Data.Sqlite.SqliteCommand
            ? guid.ToString().ToUpperInvariant()
            : value ?? DBNull.Value;
        command.Parameters.Add(parameter);
        return command;
    }
}
