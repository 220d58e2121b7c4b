using static Vigil.Outbreaks.Protocol.OutbreakEventResponse.Types;

namespace Vigil.Outbreaks;

/// <summary>What makes an outbreak event acceptable, shared by submission and staff corrections.</summary>
public static class OutbreakEventRules
{
    /// <summary>8 characters of [A-Za-z0-9] (current QR codes) or a UUID (the first ones).</summary>
    public static bool IsValidLocationId(string id) =>
        id.Length == 8 ? id.All(char.IsAsciiLetterOrDigit) : id.Length == 36 && Guid.TryParseExact(id, "D", out _);

    public static ErrorCode CheckWindow(DateTimeOffset start, DateTimeOffset end, DateTimeOffset now, OutbreakOptions options)
    {
        if (start <= DateTimeOffset.UnixEpoch || end <= DateTimeOffset.UnixEpoch)
        {
            return ErrorCode.MissingTimestamp;
        }
        var tooShort = end - start < TimeSpan.FromSeconds(1);
        var tooLong = end - start > options.MaxWindow;
        var tooOld = start < now - options.MaxAge;
        var inFuture = end > now + options.FutureSkew;
        return tooShort || tooLong || tooOld || inFuture ? ErrorCode.PeriodInvalid : ErrorCode.None;
    }
}
