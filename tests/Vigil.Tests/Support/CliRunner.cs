using Vigil.Cli;

namespace Vigil.Tests.Support;

/// <summary>Runs the real <c>vigil</c> command line in-process with captured standard streams.</summary>
public static class CliRunner
{
    public sealed record Outcome(int ExitCode, string Output, string Error);

    public static async Task<Outcome> RunAsync(string[] args, string input = "", CancellationToken cancellationToken = default)
    {
        using var stdin = new StringReader(input);
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();
        var exit = await VigilCli.RunAsync(args, stdin, stdout, stderr, cancellationToken);
        return new Outcome(exit, stdout.ToString(), stderr.ToString());
    }

    /// <summary>
    /// Arguments pointing a command at its own data directory (SQLite) or at a PostgreSQL database, in
    /// Development (generated secrets) unless the arguments name another environment.
    /// </summary>
    public static string[] With(this string[] args, string dataDirectory, string? postgres = null)
    {
        string[] environment = args.Any(a => a.StartsWith("--environment", StringComparison.Ordinal)) ? [] : ["--environment=Development"];
        return postgres is null
            ? [.. args, .. environment, $"--Vigil:DataDirectory={dataDirectory}"]
            : [.. args, .. environment, $"--Vigil:DataDirectory={dataDirectory}", "--Vigil:Database:Provider=postgres", $"--ConnectionStrings:Vigil={postgres}"];
    }
}
