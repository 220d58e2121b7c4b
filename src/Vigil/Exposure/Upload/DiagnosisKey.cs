namespace Vigil.Exposure.Upload;

/// <summary>An uploaded Temporary Exposure Key. <see cref="KeyData"/> is globally unique.</summary>
public sealed class DiagnosisKey
{
    public required byte[] KeyData { get; set; }
    public int RollingStartIntervalNumber { get; set; }
    public int RollingPeriod { get; set; }
    public int TransmissionRiskLevel { get; set; }
    public int? ReportType { get; set; }
    public int? DaysSinceOnsetOfSymptoms { get; set; }

    /// <summary>floor(unix seconds / 3600) when the key arrived.</summary>
    public long HourOfSubmission { get; set; }

    public required string Region { get; set; }

    /// <summary>The API key that issued the code this key was uploaded under (never the raw token).</summary>
    public Guid ApiKeyId { get; set; }
}
