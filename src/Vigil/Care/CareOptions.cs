namespace Vigil.Care;

/// <summary>Settings under <c>Vigil:Care</c>.</summary>
public sealed class CareOptions
{
    public const string Section = "Vigil:Care";

    /// <summary>Report windows are whole days in this time zone.</summary>
    public string TimeZone { get; set; } = "America/Mexico_City";
}
