namespace Vigil.Exposure.Metrics;

/// <summary>What is counted per health authority and day.</summary>
public abstract class ExposureCounters
{
    public int CodesGenerated { get; set; }
    public int CodesClaimed { get; set; }
    public int CodesExpired { get; set; }
    public int KeysUploaded { get; set; }
    public int FirstUploads { get; set; }

    /// <summary>Sum over the day's claims of (claimed − created), for the mean code life.</summary>
    public long ClaimDelaySeconds { get; set; }

    public void Add(ExposureCounters other)
    {
        CodesGenerated += other.CodesGenerated;
        CodesClaimed += other.CodesClaimed;
        CodesExpired += other.CodesExpired;
        KeysUploaded += other.KeysUploaded;
        FirstUploads += other.FirstUploads;
        ClaimDelaySeconds += other.ClaimDelaySeconds;
    }
}
