using System.Data.Common;
using System.Net.Sockets;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;

namespace Vigil.Infrastructure.Database;

public static class DbErrors
{
    /// <summary>A unique index refused a row, on either provider, whether raised by EF or by a raw command.</summary>
    public static bool IsUniqueViolation(Exception e) => (e is DbUpdateException ? e.InnerException : e) switch
    {
        SqliteException sqlite => sqlite.SqliteErrorCode == 19 && sqlite.SqliteExtendedErrorCode is 2067 or 1555,
        DbException db => db.SqlState == "23505",
        _ => false,
    };

    /// <summary>
    /// The database failed, however the provider reports it: a <see cref="DbException"/>, EF's
    /// <see cref="DbUpdateException"/>, or the <see cref="InvalidOperationException"/> in which EF wraps a
    /// transient failure (a dropped PostgreSQL connection) — anywhere in the chain of inner exceptions.
    /// </summary>
    public static bool IsDatabaseFailure(Exception e) => Chain(e).Any(c => c is DbException or DbUpdateException) || IsUnavailable(e);

    /// <summary>
    /// The failure is the database being unreachable or refusing work for now (connection refused or lost,
    /// server shutting down, too many connections, SQLite busy, locked, full or unreadable) rather than a
    /// fault in what was asked of it. Such failures are an outage, reported once per interval, not a bug.
    /// </summary>
    public static bool IsUnavailable(Exception e) => Chain(e).Any(c => c switch
    {
        Npgsql.PostgresException postgres => postgres.SqlState.StartsWith("08", StringComparison.Ordinal)
            || postgres.SqlState.StartsWith("57P", StringComparison.Ordinal) || postgres.SqlState.StartsWith("53", StringComparison.Ordinal),
        Npgsql.NpgsqlException npgsql => npgsql.IsTransient || npgsql.InnerException is SocketException or IOException or TimeoutException,
        SqliteException sqlite => sqlite.SqliteErrorCode is 5 or 6 or 10 or 13 or 14,
        SocketException => true,
        _ => false,
    });

    private static IEnumerable<Exception> Chain(Exception e)
    {
        for (var current = e; current is not null; current = current.InnerException)
        {
            yield return current;
        }
    }
}
