namespace Vigil.Outbreaks;

/// <summary>Bumped whenever an event of that region and creation day changes, so cached exports of the day are rebuilt.</summary>
public sealed class OutbreakExportVersion
{
    public required string Region { get; set; }
    public int Day { get; set; }
    public int Version { get; set; }
}
