using System.Buffers;

namespace Vigil.Mqtt.Transport;

/// <summary>
/// The rented array behind a connection's input and its output: the bytes in use are [start, end), and the array is
/// rented only while there are any, so an idle connection holds none.
/// </summary>
internal static class PooledBytes
{
    /// <summary>
    /// Room for <paramref name="needed"/> bytes after <paramref name="end"/>: rents the array (at least
    /// <paramref name="minimum"/> bytes), or moves the bytes in use to the front of it, or of one twice as large.
    /// Returns how far they moved back.
    /// </summary>
    public static int Reserve(ref byte[]? buffer, ref int start, ref int end, int needed, int minimum)
    {
        if (buffer is null)
        {
            buffer = ArrayPool<byte>.Shared.Rent(Math.Max(minimum, needed));
            return 0;
        }
        if (buffer.Length - end >= needed)
        {
            return 0;
        }
        var used = end - start;
        var target = used + needed <= buffer.Length ? buffer : ArrayPool<byte>.Shared.Rent(Math.Max(buffer.Length * 2, used + needed));
        Buffer.BlockCopy(buffer, start, target, 0, used);
        if (!ReferenceEquals(target, buffer))
        {
            ArrayPool<byte>.Shared.Return(buffer);
            buffer = target;
        }
        var moved = start;
        start = 0;
        end = used;
        return moved;
    }

    /// <summary>Nothing is in use any more: the array goes back to the pool.</summary>
    public static void Release(ref byte[]? buffer, ref int start, ref int end)
    {
        start = end = 0;
        if (buffer is { } rented)
        {
            buffer = null;
            ArrayPool<byte>.Shared.Return(rented);
        }
    }
}
