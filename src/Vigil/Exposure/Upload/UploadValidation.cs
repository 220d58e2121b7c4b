using Vigil.Exposure.Protocol;
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
        if (upload.Timestamp is null || (upload.Timestamp.ToDateTimeOffset() - now).Duration() > TimestampTolerance)
        {
            return ErrorCode.InvalidTimestamp;
        }
        foreach (var key in upload.Keys)
        {
            var error = CheckKey(key);
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

    private static ErrorCode CheckKey(TemporaryExposureKey key)
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
        if (key.RollingStartIntervalNumber == 0)
        {
            return ErrorCode.InvalidRollingStartIntervalNumber;
        }
        if (key.TransmissionRiskLevel is < 0 or > MaxTransmissionRiskLevel)
        {
            return ErrorCode.InvalidTransmissionRiskLevel;
        }
        return ErrorCode.None;
    }
}
