using System.Collections.Concurrent;
using System.Net;
using Microsoft.Data.Sqlite;
using Vigil.Tests.Support;

namespace Vigil.Tests.Cli;

/// <summary><c>vigil backup</c> copies the SQLite database consistently while the server serves; <c>vigil restore</c> puts it back.</summary>
public sealed class BackupCommandsTests
{
    [Fact]
    public async Task A_backup_taken_while_16_clients_upload_holds_every_upload_acknowledged_before_it_began()
    {
        using var app = await VigilApp.StartAsync(TestDatabases.Sqlite);
        var client = new ExposureClient(app, app.CreateClient());
        var apiKey = await ExposureClient.CreateApiKeyAsync(app);
        var uploaders = await Task.WhenAll(Enumerable.Range(0, 16).Select(_ => client.ClaimNewKeysAsync(apiKey)));
        var acknowledged = new ConcurrentQueue<(DateTime At, string Key)>();
        using var stop = new CancellationTokenSource();
        var traffic = uploaders.Select(keys => Task.Run(async () =>
        {
            for (var i = 0; i < 40 && !stop.IsCancellationRequested; i++)
            {
                var upload = client.NewUpload(1);
                if ((await client.UploadAsync(keys, upload)).Status == HttpStatusCode.OK)
                {
                    acknowledged.Enqueue((DateTime.UtcNow, Convert.ToHexString(upload.Keys[0].KeyData.ToByteArray())));
                }
            }
        })).ToArray();
        while (acknowledged.Count < 50)
        {
            await Task.Delay(20);
        }
        var backupStarted = DateTime.UtcNow;
        var backupFile = Path.Combine(app.DataDirectory, "backup.db");

        var backup = await CliRunner.RunAsync(new[] { "backup", backupFile }.With(app.DataDirectory));
        await stop.CancelAsync();
        await Task.WhenAll(traffic);
        var restoredDirectory = Path.Combine(app.DataDirectory, "restored");
        var restore = await CliRunner.RunAsync(new[] { "restore", backupFile }.With(restoredDirectory));
        var again = await CliRunner.RunAsync(new[] { "restore", backupFile }.With(restoredDirectory));

        Assert.Equal(0, backup.ExitCode);
        Assert.Equal(0, restore.ExitCode);
        Assert.Equal(1, again.ExitCode);
        Assert.Contains("refusing to overwrite live data", again.Error);
        var stored = StoredKeys(Path.Combine(restoredDirectory, "vigil.db"));
        var before = acknowledged.Where(a => a.At < backupStarted).Select(a => a.Key).ToList();
        Assert.True(before.Count >= 50);
        Assert.All(before, key => Assert.Contains(key, stored));
        Assert.Equal("ok", Scalar(Path.Combine(restoredDirectory, "vigil.db"), "PRAGMA integrity_check"));
    }

    [Fact]
    public async Task Backup_refuses_an_existing_file_and_restore_a_file_that_is_not_a_database()
    {
        using var app = await VigilApp.StartAsync(TestDatabases.Sqlite);
        var notADatabase = Path.Combine(app.DataDirectory, "notes.txt");
        await File.WriteAllTextAsync(notADatabase, "not a database, just text long enough to be read as a header");

        var existing = await CliRunner.RunAsync(new[] { "backup", notADatabase }.With(app.DataDirectory));
        var garbage = await CliRunner.RunAsync(new[] { "restore", notADatabase }.With(Path.Combine(app.DataDirectory, "empty")));

        Assert.Equal(2, existing.ExitCode);
        Assert.Contains("exists already", existing.Error);
        Assert.NotEqual(0, garbage.ExitCode);
        Assert.False(HoldsADatabase(Path.Combine(app.DataDirectory, "empty")));
    }

    [Fact]
    public async Task Backup_and_restore_finish_over_what_interrupted_ones_left_and_name_a_missing_folder()
    {
        using var app = await VigilApp.StartAsync(TestDatabases.Sqlite);
        var missing = Path.Combine(app.DataDirectory, "no-such-folder", "backup.db");
        var backupFile = Path.Combine(app.DataDirectory, "backup.db");
        var restoredDirectory = Path.Combine(app.DataDirectory, "restored");
        Directory.CreateDirectory(restoredDirectory);
        await File.WriteAllTextAsync(backupFile + ".partial", "what an interrupted backup left");
        await File.WriteAllTextAsync(Path.Combine(restoredDirectory, "vigil.db.restoring"), "what an interrupted restore left");

        var refused = await CliRunner.RunAsync(new[] { "backup", missing }.With(app.DataDirectory));
        var backup = await CliRunner.RunAsync(new[] { "backup", backupFile }.With(app.DataDirectory));
        var restore = await CliRunner.RunAsync(new[] { "restore", backupFile }.With(restoredDirectory));

        Assert.Equal(2, refused.ExitCode);
        Assert.Contains("no-such-folder does not exist", refused.Error);
        Assert.False(Directory.Exists(Path.GetDirectoryName(missing)));
        Assert.Equal(0, backup.ExitCode);
        Assert.Equal(0, restore.ExitCode);
        Assert.Equal("ok", Scalar(backupFile, "PRAGMA integrity_check"));
        Assert.Equal("ok", Scalar(Path.Combine(restoredDirectory, "vigil.db"), "PRAGMA integrity_check"));
        Assert.False(File.Exists(backupFile + ".partial"));
        Assert.False(File.Exists(Path.Combine(restoredDirectory, "vigil.db.restoring")));
        // Copies of personal data: their owner's alone, whatever the umask.
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(backupFile));
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(Path.Combine(restoredDirectory, "vigil.db")));
    }

    [Fact]
    public async Task Restore_refuses_a_journal_left_by_the_database_that_was_there()
    {
        using var app = await VigilApp.StartAsync(TestDatabases.Sqlite);
        var backupFile = Path.Combine(app.DataDirectory, "backup.db");
        var reused = Path.Combine(app.DataDirectory, "reused");
        Directory.CreateDirectory(reused);
        await File.WriteAllTextAsync(Path.Combine(reused, "vigil.db-wal"), "frames of the database deleted from here");

        var backup = await CliRunner.RunAsync(new[] { "backup", backupFile }.With(app.DataDirectory));
        var restore = await CliRunner.RunAsync(new[] { "restore", backupFile }.With(reused));

        Assert.Equal(0, backup.ExitCode);
        Assert.Equal(1, restore.ExitCode);
        Assert.Contains("vigil.db-wal belong to the database that was there", restore.Error);
        Assert.False(HoldsADatabase(reused));
    }

    // Vigil keeps an empty, owner-only vigil.db in a data directory it opens; nothing restored may be in it.
    private static bool HoldsADatabase(string dataDirectory) =>
        new FileInfo(Path.Combine(dataDirectory, "vigil.db")) is { Exists: true, Length: > 0 };

    private static HashSet<string> StoredKeys(string database)
    {
        using var connection = new SqliteConnection($"Data Source={database};Mode=ReadOnly;Pooling=False");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT hex(\"KeyData\") FROM \"DiagnosisKeys\"";
        using var reader = command.ExecuteReader();
        var keys = new HashSet<string>();
        while (reader.Read())
        {
            keys.Add(reader.GetString(0));
        }
        return keys;
    }

    private static string? Scalar(string database, string sql)
    {
        using var connection = new SqliteConnection($"Data Source={database};Mode=ReadOnly;Pooling=False");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        return (string?)command.ExecuteScalar();
    }
}
