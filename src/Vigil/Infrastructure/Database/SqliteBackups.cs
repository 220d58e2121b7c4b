using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;

namespace Vigil.Infrastructure.Database;

/// <summary>
/// A consistent copy of the embedded SQLite database while the server is serving (SQLite's online backup,
/// page by page under a read transaction, so the copy is one point in time), and putting one back into a
/// data directory that holds no database yet. PostgreSQL deployments use pg_dump / pg_restore instead.
/// </summary>
public sealed class SqliteBackups(VigilDb db, DataDirectory dataDirectory)
{
    public const string DatabaseFile = "vigil.db";

    /// <summary>
    /// Writes a consistent copy to <paramref name="destination"/> (which must not exist) and checks it. The copy is
    /// written under a temporary name and renamed once checked, so an interrupted backup never looks like a finished one.
    /// </summary>
    public async Task BackupAsync(string destination, CancellationToken ct)
    {
        RequireSqlite();
        var target = Path.GetFullPath(destination);
        if (File.Exists(target) || Directory.Exists(target))
        {
            throw new ArgumentException($"{destination} exists already; choose a new file");
        }
        var folder = Path.GetDirectoryName(target)!;
        if (!Directory.Exists(folder))
        {
            throw new ArgumentException($"{folder} does not exist; create it first or choose another place");
        }
        var partial = target + ".partial";
        try
        {
            File.Delete(partial); // left by an interrupted backup, if any
            DataDirectory.CreateOwnerOnly(partial); // SQLite writes into it and keeps its mode: a copy of personal data
            await using var source = new SqliteConnection(db.Database.GetConnectionString());
            await source.OpenAsync(ct);
            await using (var copy = Open(partial, SqliteOpenMode.ReadWriteCreate))
            {
                await copy.OpenAsync(ct);
                source.BackupDatabase(copy);
            }
            await CheckAsync(partial, ct);
            File.Move(partial, target);
        }
        finally
        {
            File.Delete(partial);
        }
    }

    /// <summary>
    /// Puts a backup in place as this data directory's database; refuses when the directory already has one. The
    /// copy takes the database's name only once complete, so an interrupted restore leaves no half database behind.
    /// </summary>
    public async Task RestoreAsync(string backup, CancellationToken ct)
    {
        if (!File.Exists(backup))
        {
            throw new ArgumentException($"{backup} does not exist");
        }
        var live = dataDirectory.File(DatabaseFile);
        if (File.Exists(live) && new FileInfo(live).Length > 0)
        {
            throw new InvalidOperationException($"{live} exists: restore only into a data directory without a database (refusing to overwrite live data)");
        }
        // SQLite would play a journal left by the database that was there onto the restored copy when it first opens it.
        var journals = new[] { "-wal", "-journal" }.Select(suffix => live + suffix).Where(f => File.Exists(f) && new FileInfo(f).Length > 0).ToList();
        if (journals.Count > 0)
        {
            throw new InvalidOperationException($"{string.Join(" and ", journals)} belong to the database that was there: remove them (and {live}-shm) first, or SQLite would apply them to the restored copy");
        }
        await CheckAsync(backup, ct);
        Directory.CreateDirectory(dataDirectory.Path);
        var restoring = live + ".restoring";
        try
        {
            File.Copy(backup, restoring, overwrite: true);
            DataDirectory.RestrictToOwner(restoring); // the copy takes the backup's mode
            File.Move(restoring, live, overwrite: true); // only an empty file can be there (checked above)
        }
        finally
        {
            File.Delete(restoring);
        }
    }

    /// <summary>PRAGMA integrity_check on a database file; throws unless it answers "ok".</summary>
    public static async Task CheckAsync(string file, CancellationToken ct)
    {
        await using var connection = Open(file, SqliteOpenMode.ReadOnly);
        await connection.OpenAsync(ct);
        await using var command = connection.CreateCommand();
        command.CommandText = "PRAGMA integrity_check";
        var verdict = (string?)await command.ExecuteScalarAsync(ct);
        if (verdict != "ok")
        {
            throw new InvalidOperationException($"{file} fails SQLite's integrity check: {verdict}");
        }
    }

    private static SqliteConnection Open(string file, SqliteOpenMode mode) =>
        new(new SqliteConnectionStringBuilder { DataSource = file, Mode = mode, Pooling = false }.ToString());

    private void RequireSqlite()
    {
        if (!db.Database.IsSqlite())
        {
            throw new InvalidOperationException("the database is PostgreSQL: back it up with pg_dump (docs/operations.md, \"Backups\")");
        }
    }
}
