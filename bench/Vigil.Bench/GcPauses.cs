using System.Globalization;
using Microsoft.Diagnostics.Tracing;
using Microsoft.Diagnostics.Tracing.Parsers.Clr;

namespace Vigil.Bench;

/// <summary>
/// The garbage collections in an EventPipe trace of a broker (<c>dotnet-trace collect --profile gc-collect</c>, as
/// bench/broker/run.sh takes it with GC_TRACE=1): when each began (UTC), its generation and kind, how long the process
/// was paused and what survived it, how long marking each kind of root took (for the older generations: following
/// the references the program stored into old objects since the last collection); also the runtime's suspensions for anything else (its own bookkeeping, a debugger),
/// which stop every managed thread as a collection does. Only pauses of at least <c>--over</c> milliseconds are listed.
/// </summary>
internal static class GcPauses
{
    public static int Run(string[] args)
    {
        if (args.Length == 0 || !File.Exists(args[0]))
        {
            Console.Error.WriteLine("usage: Vigil.Bench gc-pauses TRACE.nettrace [--over MS]");
            return 2;
        }
        var over = args.Length > 2 && args[1] == "--over" ? double.Parse(args[2], CultureInfo.InvariantCulture) : 5;
        using var source = new EventPipeEventSource(args[0]);
        var clr = source.Clr;
        var current = new Collection();
        var (count, total, longest) = (0, 0.0, 0.0);
        clr.GCSuspendEEStart += e => current = new Collection
        {
            SuspendedAt = e.TimeStampRelativeMSec,
            Start = e.TimeStamp.ToUniversalTime(),
            Label = e.Reason == GCSuspendEEReason.SuspendForGC ? null : $"no collection: runtime suspended ({e.Reason})",
        };
        clr.GCStart += e => (current.Start, current.Label, current.MarkedAt) = (e.TimeStamp.ToUniversalTime(), $"gen{e.Depth} {e.Type} ({e.Reason})", e.TimeStampRelativeMSec);
        clr.GCMarkWithType += e => current.Mark(e.Type, e.TimeStampRelativeMSec, e.Promoted);
        clr.GCHeapStats += e => current.Survived = $"survived gen0 {e.TotalPromotedSize0 / 1e6:F1} MB, gen1 {e.TotalPromotedSize1 / 1e6:F1} MB; gen2 now {e.GenerationSize2 / 1e6:F1} MB";
        clr.GCRestartEEStop += e =>
        {
            var pause = e.TimeStampRelativeMSec - current.SuspendedAt;
            (count, total, longest) = (count + 1, total + pause, Math.Max(longest, pause));
            if (pause >= over && current.Label is not null)
            {
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"        {current.Start:HH:mm:ss.fff} pause {pause,5:F1} ms  {current.Label}  {current.Survived}{current.Marks}"));
            }
        };
        source.Process();
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"        {count} pauses, {total:F0} ms in all, longest {longest:F1} ms (listed: those of {over} ms or more)"));
        return 0;
    }

    private sealed class Collection
    {
        public double SuspendedAt { get; init; }
        public DateTime Start { get; set; }
        public string? Label { get; set; }
        public string? Survived { get; set; }
        public double MarkedAt { get; set; }
        public string Marks { get; private set; } = "";

        /// <summary>One kind of root marked (the runtime's GCMarkWithType): the time since the previous one, and what it kept.</summary>
        public void Mark(int kind, double at, long bytes)
        {
            Marks += string.Create(CultureInfo.InvariantCulture, $"{(Marks.Length == 0 ? "; marked " : ", ")}{RootKind(kind)} {at - MarkedAt:F1} ms ({bytes / 1e6:F1} MB)");
            MarkedAt = at;
        }

        // gc.h's root kinds, in the order a collection marks them.
        private static string RootKind(int kind) => kind switch
        {
            0 => "stacks",
            1 => "finalizer queue",
            2 => "handles",
            3 => "older generations",
            4 => "sized refs",
            5 => "overflow",
            6 => "dependent handles",
            7 => "new finalizer queue",
            _ => $"kind {kind}",
        };
    }
}
