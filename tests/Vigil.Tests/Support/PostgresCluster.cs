using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Npgsql;

namespace Vigil.Tests.Support;

/// <summary>
/// A throwaway PostgreSQL cluster (initdb + pg_ctl as user postgres, random port, temporary directory) that
/// a test can stop and start again. It lives in the <see cref="TestRunDirectory"/>, whose watchdog stops it
/// when the test process ends however it ends (a failure, a cancelled run, a kill), so no server is left behind.
/// </summary>
public sealed class PostgresCluster : IAsyncDisposable
{
    private readonly string _bin;
    private readonly string _root;
    private readonly int _port;

    private PostgresCluster(string bin, string root, int port) => (_bin, _root, _port) = (bin, root, port);

    private string Data => Path.Combine(_root, "data");

    public string AdminConnectionString => $"Host=127.0.0.1;Port={_port};Username=postgres;Database=postgres;Pooling=true;Maximum Pool Size=50";

    public static async Task<PostgresCluster> StartAsync(string bin)
    {
        var root = Directory.CreateTempSubdirectory("vigil-pg-").FullName;
        File.SetUnixFileMode(root, (UnixFileMode)0b111_111_111);
        var cluster = new PostgresCluster(bin, root, FreePort());
        await RunAsync(Path.Combine(bin, "initdb"), $"-D {cluster.Data} -A trust -U postgres -E UTF8 --no-sync");
        await cluster.StartAgainAsync();
        return cluster;
    }

    /// <summary>Creates an empty database and returns its connection string.</summary>
    public async Task<string> CreateDatabaseAsync()
    {
        var name = "vigil_" + Guid.NewGuid().ToString("N");
        await using (var connection = new NpgsqlConnection(AdminConnectionString))
        {
            await connection.OpenAsync();
            await using var command = new NpgsqlCommand($"CREATE DATABASE {name}", connection);
            await command.ExecuteNonQueryAsync();
        }
        return new NpgsqlConnectionStringBuilder(AdminConnectionString) { Database = name }.ConnectionString;
    }

    /// <summary>
    /// Stops the server at once, as a crash or a network loss would look to its clients. Commits are written
    /// to the operating system before they are acknowledged (fsync is off, synchronous_commit is not), so
    /// what was committed is there again after <see cref="StartAgainAsync"/>.
    /// </summary>
    public Task StopAsync() => RunAsync(Path.Combine(_bin, "pg_ctl"), $"-D {Data} -m immediate -w stop");

    public Task StartAgainAsync() => RunAsync(Path.Combine(_bin, "pg_ctl"),
        $"-D {Data} -l {Path.Combine(_root, "log")} -w -t 60 -o \"-p {_port} -k {_root} -c listen_addresses=127.0.0.1 -c fsync=off -c full_page_writes=off -c max_connections=300\" start");

    public async ValueTask DisposeAsync()
    {
        NpgsqlConnection.ClearAllPools();
        try
        {
            await StopAsync();
        }
        catch (InvalidOperationException)
        {
            // Already stopped.
        }
        Directory.Delete(_root, recursive: true);
    }

    private static async Task RunAsync(string program, string arguments)
    {
        // PostgreSQL refuses to run as root; run it as the postgres user then.
        var asRoot = Environment.UserName == "root";
        var start = new ProcessStartInfo(asRoot ? "runuser" : program, asRoot ? $"-u postgres -- {program} {arguments}" : arguments)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{Path.GetFileName(program)} failed ({process.ExitCode}): {await error}{await output}");
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
