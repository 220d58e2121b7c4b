using Google.Protobuf.WellKnownTypes;

namespace Vigil.Infrastructure.Http;

/// <summary>
/// Reads a client's <see cref="Timestamp"/> without trusting it: <see cref="Timestamp.ToDateTimeOffset"/>
/// throws for seconds outside 0001-01-01…9999-12-31 or nanos outside 0…999,999,999, and any app can send those.
/// </summary>
public static class ProtobufTimestamps
{
    private const long MinSeconds = -62_135_596_800; // 0001-01-01T00:00:00Z
    private const long MaxSeconds = 253_402_300_799; // 9999-12-31T23:59:59Z
    private const int MaxNanos = 999_999_999;

    /// <summary>The instant, or null when the field is absent or out of <see cref="Timestamp"/>'s valid range.</summary>
    public static DateTimeOffset? Read(Timestamp? timestamp) =>
        timestamp is { Seconds: >= MinSeconds and <= MaxSeconds, Nanos: >= 0 and <= MaxNanos }
            ? timestamp.ToDateTimeOffset()
            : null;
}
