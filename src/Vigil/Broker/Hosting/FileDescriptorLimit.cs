namespace Vigil.Broker.Hosting;

/// <summary>The process's open-file limit, which caps how many connections can be accepted at all.</summary>
internal static class FileDescriptorLimit
{
    /// <summary>Leaves room for the database, log files and the HTTP side.</summary>
    public const int Reserve = 256;

    public static long? Read()
    {
        try
        {
            var line = File.ReadLines("/proc/self/limits").FirstOrDefault(l => l.StartsWith("Max open files", StringComparison.Ordinal));
            var soft = line?.Split(' ', StringSplitOptions.RemoveEmptyEntries)[3];
            return long.TryParse(soft, out var value) ? value : null;
        }
        catch (IOException)
        {
            return null;
        }
    }
}
