
namespace Vigil.Tests.Support;

/// <summary>
/// One throwaway PostgreSQL cluster per test run (initdb + pg_ctl as user postgres, random port,
/// temp directory removed at exit). Tests ask it for a fresh database each.
/// </summary>
public static class PostgresServer
{
    private static readonly Lazy<Task<PostgresCluster>> Server = new(StartAsync);

    /// <summary>CI sets VIGIL_REQUIRE_POSTGRES=1: then a missing PostgreSQL fails the run.</summary>
    public static bool Required => Environment.GetEnvironmentVariable("VIGIL_REQUIRE_POSTGRES") == "1";

    public static string? BinDirectory { get; } = FindBinDirectory();

    public static bool Available => BinDirectory is not null;

    /// <summary>Creates an empty database on the shared cluster and returns its connection string.</summary>
    public static async Task<string> CreateDatabaseAsync() => await (await Server.Value).CreateDatabaseAsync();

    /// <summary>A cluster of the test's own, for tests that stop and start the server.</summary>
    public static Task<PostgresCluster> StartOwnClusterAsync() => PostgresCluster.StartAsync(RequireBinDirectory());

    private static async Task<PostgresCluster> StartAsync()
    {
        var cluster = await PostgresCluster.StartAsync(RequireBinDirectory());
        AppDomain.CurrentDomain.ProcessExit += (_, _) => cluster.DisposeAsync().AsTask().GetAwaiter().GetResult();
        return cluster;
    }

    private static string RequireBinDirectory() => BinDirectory ?? throw new InvalidOperationException(
        "PostgreSQL binaries (initdb, pg_ctl) not found; install PostgreSQL 15 or unset VIGIL_REQUIRE_POSTGRES.");

    private static string? FindBinDirectory()
    {
        // Debian's own layout first: initdb finds the postgres binary beside itself.
        var debian = Directory.Exists("/usr/lib/postgresql")
            ? Directory.GetDirectories("/usr/lib/postgresql").Select(d => Path.Combine(d, "bin"))
                .Where(d => File.Exists(Path.Combine(d, "initdb"))).OrderDescending().FirstOrDefault()
            : null;
        return debian ?? (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':')
            .FirstOrDefault(dir => File.Exists(Path.Combine(dir, "initdb")) && File.Exists(Path.Combine(dir, "postgres")));
    }
}
