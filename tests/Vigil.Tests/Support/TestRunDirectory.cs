using System.Diagnostics;
using System.Runtime.CompilerServices;

namespace Vigil.Tests.Support;

/// <summary>
/// Every temporary file and directory of a test run (data directories, PostgreSQL clusters, certificates)
/// lives under one directory of the run's own: TMPDIR points there for this process and its children. A
/// watchdog in its own session waits for the process to end — passed, failed, cancelled or killed — then
/// stops any PostgreSQL cluster still running there and removes the directory.
/// </summary>
public static class TestRunDirectory
{
    public static string Path { get; private set; } = "";

    [ModuleInitializer]
    internal static void Create()
    {
        var root = Directory.CreateDirectory(System.IO.Path.Combine(System.IO.Path.GetTempPath(), $"vigil-tests-{Environment.ProcessId}")).FullName;
        // PostgreSQL runs as its own user and must reach its cluster below this directory.
        File.SetUnixFileMode(root, (UnixFileMode)0b111_101_101);
        Environment.SetEnvironmentVariable("TMPDIR", root);
        Path = root;
        var pgCtl = PostgresServer.BinDirectory is { } bin ? System.IO.Path.Combine(bin, "pg_ctl") : "true";
        var stop = Environment.UserName == "root" ? $"runuser -u postgres -- {pgCtl}" : pgCtl;
        // The run directory and process id come in as arguments ($1, $2): written into the script, the directory
        // would make the watchdog's own command line match the clean-up pattern below and kill it first.
        var script = "while kill -0 \"$2\" 2>/dev/null; do sleep 1; done; " +
            $"for data in \"$1\"/vigil-pg-*/data; do [ -f \"$data/postmaster.pid\" ] && {stop} -D \"$data\" -m immediate stop >/dev/null 2>&1; done; " +
            // Anything else the run started there (a Prometheus, a server process) goes too.
            "pkill -KILL -f \"$1/[v]igil\" 2>/dev/null; rm -rf \"$1\"";
        using var watchdog = Process.Start(new ProcessStartInfo("setsid", ["bash", "-c", script, "vigil-test-watchdog", root, Environment.ProcessId.ToString(System.Globalization.CultureInfo.InvariantCulture)])
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        })!;
    }
}
