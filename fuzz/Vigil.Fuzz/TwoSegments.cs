using System.Buffers;
using Vigil.Mqtt.Tests.Support;

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
        return Segments.Of(bytes[..at].ToArray(), bytes[at..].ToArray());
    }
}
