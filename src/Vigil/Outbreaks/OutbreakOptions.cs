namespace Vigil.Outbreaks;

/// <summary>Settings under <c>Vigil:Outbreaks</c>.</summary>
public sealed class OutbreakOptions
{
    public const string Section = "Vigil:Outbreaks";

    /// <summary>Longest exposure window one event may cover.</summary>
    public TimeSpan MaxWindow { get; set; } = TimeSpan.FromDays(14);

    /// <summary>How far in the past an event may start.</summary>
    public TimeSpan MaxAge { get; set; } = TimeSpan.FromDays(28);

    /// <summary>How far in the future an event may end (clock differences).</summary>
    public TimeSpan FutureSkew { get; set; } = TimeSpan.FromMinutes(10);

    public int MaxBodyBytes { get; set; } = 1024;
    /// <summary>How often received events past their age are deleted (an age of days, so minutes apart is soon enough).</summary>
    public TimeSpan RetentionInterval { get; set; } = TimeSpan.FromMinutes(10);
}
