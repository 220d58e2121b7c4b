using System.CommandLine;
using Vigil.Infrastructure.Database;

namespace Vigil.Cli;

/// <summary><c>vigil backup &lt;file&gt;</c> and <c>vigil restore &lt;file&gt;</c> for the embedded SQLite database.</summary>
internal static class BackupCommands
{
    public static Command Backup()
    {
        var file = new Argument<FileInfo>("file") { Description = "Where to write the copy (must not exist)" };
        var backup = new Command("backup", "Take a consistent copy of the SQLite database, also while the server is serving") { file };
        Handlers.Set(backup, async (context, ct) =>
        {
            await using var services = await context.WithoutAutomaticMigration().ServicesAsync(ct);
            var target = context.Parse.GetValue(file)!.FullName;
            await services.Get<SqliteBackups>().BackupAsync(target, ct);
            await context.Output.WriteLineAsync($"Backed up to {target} (integrity check ok). Keep the data directory's secrets/ and signing-keys/ with it.");
            return 0;
        });
        return backup;
    }

    public static Command Restore()
    {
        var file = new Argument<FileInfo>("file") { Description = "A file written by 'vigil backup'" };
        var restore = new Command("restore", "Put a backup in place as the database of a data directory that has none (the server stopped)") { file };
        Handlers.Set(restore, async (context, ct) =>
        {
            await using var services = await context.WithoutAutomaticMigration().ServicesAsync(ct);
            await services.Get<SqliteBackups>().RestoreAsync(context.Parse.GetValue(file)!.FullName, ct);
            await context.Output.WriteLineAsync("Restored. Start the server on this data directory (with the secrets that belong to the backup).");
            return 0;
        });
        return restore;
    }
}
