namespace Vigil.Infrastructure;

/// <summary>
/// Says at start-up when users other than its owner can reach into the data directory: it holds the SQLite database
/// (personal and health data), secrets and the broker's session log. Vigil creates it owner-only, but leaves the mode
/// of a directory that was there before alone.
/// </summary>
internal sealed class DataDirectoryAccess(DataDirectory dataDirectory, ILogger<DataDirectoryAccess> logger) : IHostedService
{
    private const UnixFileMode Others = UnixFileMode.GroupRead | UnixFileMode.GroupWrite | UnixFileMode.GroupExecute
        | UnixFileMode.OtherRead | UnixFileMode.OtherWrite | UnixFileMode.OtherExecute;

    public Task StartAsync(CancellationToken cancellationToken)
    {
        if (!OperatingSystem.IsWindows() && Advice(dataDirectory.Path, File.GetUnixFileMode(dataDirectory.Path)) is { } advice)
        {
            logger.LogWarning("{Advice}", advice);
        }
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>What to tell the operator, or null when only the owner has access.</summary>
    public static string? Advice(string path, UnixFileMode mode) =>
        (mode & Others) == 0
            ? null
            : $"The data directory {path} is open to users other than its owner (mode {Convert.ToString((int)mode & 0x1FF, 8)}): it holds personal and health data, so chmod 700 it (docs/operations.md, Deploying)";
}
