using System.Data.Common;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;

namespace Vigil.Infrastructure.Database;

public static class DbCommandExtensions
{
    /// <summary>A raw command on the context's connection, enlisted in <paramref name="transaction"/>, for statements EF cannot express (UPDATE … RETURNING).</summary>
    public static DbCommand CreateCommand(this VigilDb db, IDbContextTransaction transaction, string sql)
    {
        var command = db.Database.GetDbConnection().CreateCommand();
        command.Transaction = transaction.GetDbTransaction();
        command.CommandText = sql;
        return command;
    }

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
