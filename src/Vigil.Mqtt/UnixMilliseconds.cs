namespace Vigil.Mqtt;

/// <summary>Times kept as Unix milliseconds in bytes another process (or another node) wrote.</summary>
public static class UnixMilliseconds
{
    private static readonly long Earliest = DateTimeOffset.MinValue.ToUnixTimeMilliseconds();
    private static readonly long Latest = DateTimeOffset.MaxValue.ToUnixTimeMilliseconds();

    /// <summary>
    /// The time <paramref name="milliseconds"/> after the Unix epoch; false, rather than the exception of
    /// <see cref="DateTimeOffset.FromUnixTimeMilliseconds"/>, when no <see cref="DateTimeOffset"/> can hold it.
    /// </summary>
    public static bool TryToTime(long milliseconds, out DateTimeOffset time)
    {
        var valid = milliseconds >= Earliest && milliseconds <= Latest;
        time = valid ? DateTimeOffset.FromUnixTimeMilliseconds(milliseconds) : default;
        return valid;
    }
}
