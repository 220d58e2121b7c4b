using System.Buffers;

namespace Vigil.Fuzz;

/// <summary>
/// Bytes as a pipe hands them over: in two segments, cut where a byte of the input says (the first may be empty,
/// as a pipe's can be when the previous read consumed up to a segment's end).
/// </summary>
internal static class TwoSegments
{
    public static ReadOnlySequence<byte> Of(ReadOnlyMemory<byte> bytes, byte cut)
    {
        var at = cut % (bytes.Length + 1);
        var first = new Segment(bytes[..at], 0);
        var second = first.Append(bytes[at..]);
        return new ReadOnlySequence<byte>(first, 0, second, second.Memory.Length);
    }

    private sealed class Segment : ReadOnlySequenceSegment<byte>
    {
        public Segment(ReadOnlyMemory<byte> memory, long runningIndex) => (Memory, RunningIndex) = (memory, runningIndex);

        public Segment Append(ReadOnlyMemory<byte> memory)
        {
            var next = new Segment(memory, RunningIndex + Memory.Length);
            Next = next;
            return next;
        }
    }
}
