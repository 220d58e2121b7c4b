using System.Globalization;

namespace Vigil.Bench;

/// <summary>What the kernel says about the broker process under test (Linux /proc).</summary>
internal static class Proc
{
    /// <summary>CPU seconds of the whole process: user + system, and user mode alone (one read of /proc/{pid}/stat).</summary>
    public static CpuTime? Cpu(int? pid)
    {
        if (pid is null)
        {
            return null;
        }
        var stat = File.ReadAllText($"/proc/{pid}/stat");
        var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        var user = long.Parse(fields[11], CultureInfo.InvariantCulture) / 100.0;
        var system = long.Parse(fields[12], CultureInfo.InvariantCulture) / 100.0;
        return new CpuTime(user + system, user);
    }

    public static long? RssKiB(int? pid) => pid is null ? null
        : File.ReadLines($"/proc/{pid}/status").Where(l => l.StartsWith("VmRSS:", StringComparison.Ordinal))
            .Select(l => long.Parse(l.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture)).FirstOrDefault();

    /// <summary>Voluntary and involuntary context switches summed over the process's threads (those alive now).</summary>
    public static long? ContextSwitches(int? pid)
    {
        if (pid is null)
        {
            return null;
        }
        long total = 0;
        foreach (var task in Directory.EnumerateDirectories($"/proc/{pid}/task"))
        {
            try
            {
                total += File.ReadLines(Path.Combine(task, "status"))
                    .Where(l => l.StartsWith("voluntary_ctxt_switches:", StringComparison.Ordinal) || l.StartsWith("nonvoluntary_ctxt_switches:", StringComparison.Ordinal))
                    .Sum(l => long.Parse(l.Split(':')[1].Trim(), CultureInfo.InvariantCulture));
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                // The thread ended while we read.
            }
        }
        return total;
    }
}

internal readonly record struct CpuTime(double Total, double User)
{
    public static CpuTime operator -(CpuTime after, CpuTime before) => new(after.Total - before.Total, after.User - before.User);
}
