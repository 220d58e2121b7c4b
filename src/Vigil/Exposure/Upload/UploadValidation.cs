using Vigil.Exposure.Protocol;
using Vigil.Infrastructure.Http;
using Vigil.Infrastructure;
using static Vigil.Exposure.Protocol.EncryptedUploadResponse.Types;

namespace Vigil.Exposure.Upload;

/// <summary>The checks on a decrypted <see cref="Protocol.Upload"/>, in the order (and with the codes) the protocol fixes.</summary>
public static class UploadValidation
{
    public const int MaxKeys = 28;
    public const int MaxRollingPeriod = 144;
    public const int MaxTransmissionRiskLevel = 8;
    public const int KeyDataBytes = 16;
    public static readonly TimeSpan TimestampTolerance = TimeSpan.FromSeconds(3600);

    /// <summary>Exposure Notification's range for days_since_onset_of_symptoms.</summary>
    public const int MaxDaysSinceOnset = 14;

    /// <summary>Ten-minute intervals (rolling_start_interval_number's unit) in the timestamp tolerance.</summary>
    private const int IntervalsPerHour = 6;

    /// <summary>None when the upload may be stored; otherwise the first failing check's code.</summary>
    public static ErrorCode Check(Protocol.Upload upload, DateTimeOffset now)
    {
        if (upload.Keys.Count == 0)
        {
            return ErrorCode.NoKeysInPayload;
        }
        if (upload.Keys.Count > MaxKeys)
        {
            return ErrorCode.TooManyKeys;
        }
        if (ProtobufTimestamps.Read(upload.Timestamp) is not { } timestamp || (timestamp - now).Duration() > TimestampTolerance)
        {
            return ErrorCode.InvalidTimestamp;
        }
        // A key is plausible from the first interval 15 days ago (the upload window) to the current one.
        var currentInterval = UnixDay.IntervalOf(now);
        var plausible = (First: currentInterval / MaxRollingPeriod * MaxRollingPeriod - MaxRollingPeriod * 15L, Last: currentInterval + IntervalsPerHour);
        foreach (var key in upload.Keys)
        {
            var error = CheckKey(key, plausible);
            if (error != ErrorCode.None)
            {
                return error;
            }
        }
        var first = upload.Keys.Min(k => k.RollingStartIntervalNumber);
        var last = upload.Keys.Max(k => k.RollingStartIntervalNumber);
        return (long)last + MaxRollingPeriod - first > MaxRollingPeriod * 15L
            ? ErrorCode.InvalidRollingStartIntervalNumber
            : ErrorCode.None;
    }

    private static ErrorCode CheckKey(TemporaryExposureKey key, (long First, long Last) plausible)
    {
        // proto2 default: an absent rolling_period reads as 144.
        if (key.RollingPeriod is < 1 or > MaxRollingPeriod)
        {
            return ErrorCode.InvalidRollingPeriod;
        }
        if (key.KeyData.Length != KeyDataBytes)
        {
            return ErrorCode.InvalidKeyData;
        }
        if (key.RollingStartIntervalNumber == 0 || key.RollingStartIntervalNumber < plausible.First || key.RollingStartIntervalNumber > plausible.Last)
        {
            return ErrorCode.InvalidRollingStartIntervalNumber;
        }
        if (key.TransmissionRiskLevel is < 0 or > MaxTransmissionRiskLevel)
        {
            return ErrorCode.InvalidTransmissionRiskLevel;
        }
        if (key.HasDaysSinceOnsetOfSymptoms && key.DaysSinceOnsetOfSymptoms is < -MaxDaysSinceOnset or > MaxDaysSinceOnset)
        {
            return ErrorCode.InvalidPayload;
        }
        return ErrorCode.None;
    }
}
