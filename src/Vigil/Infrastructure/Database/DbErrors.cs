using System.Data.Common;
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
}
