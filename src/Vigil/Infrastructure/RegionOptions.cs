namespace Vigil.Infrastructure;

/// <summary>Settings under <c>Vigil:Regions</c>: the prefectures (or provinces, states) a deployment serves.</summary>
public sealed class RegionOptions
{
    public const string Section = "Vigil:Regions";

    /// <summary>Id 0 means "unspecified". Empty: Japan's 47 prefectures.</summary>
    public List<RegionEntry> Prefectures { get; set; } = [];
}
