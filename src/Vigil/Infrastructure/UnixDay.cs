namespace Vigil.Infrastructure;

/// <summary>
/// A UTC day as the exposure and outbreak protocols number it: floor(unix seconds / 86400). Also the
/// protocols' other clocks — the hour of submission and the 10-minute rolling interval — and the windows
/// they keep data for, so the arithmetic is written once.
/// </summary>
public readonly record struct UnixDay(int Number)
{
    public const int SecondsPerDay = 86_400;

    /// <summary>Days an export or an upload may reach back: keys stay valid 14 days; bundles cover 15.</summary>
    public const int KeyValidityDays = 14;
    public const int UploadWindowDays = 15;

    public static UnixDay Of(DateTimeOffset time) => new((int)(time.ToUnixTimeSeconds() / SecondsPerDay));

    /// <summary>00:00 UTC of this day.</summary>
    public DateTimeOffset Start => DateTimeOffset.FromUnixTimeSeconds((long)Number * SecondsPerDay);

    public long StartSeconds => (long)Number * SecondsPerDay;

    public UnixDay AddDays(int days) => new(Number + days);

    /// <summary>floor(unix seconds / 3600): a diagnosis key's hour of submission, and the retrieval HMAC's hour.</summary>
    public static long HourOf(DateTimeOffset time) => time.ToUnixTimeSeconds() / 3600;

    /// <summary>floor(unix seconds / 600): Exposure Notification's rolling interval number.</summary>
    public static long IntervalOf(DateTimeOffset time) => time.ToUnixTimeSeconds() / 600;
}
