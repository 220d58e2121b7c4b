namespace Vigil.Portal;

/// <summary>Settings under <c>Vigil:Portal</c>.</summary>
public sealed class PortalOptions
{
    public const string Section = "Vigil:Portal";

    /// <summary>Dates and times on the portal's pages are shown in this IANA time zone.</summary>
    public string TimeZone { get; set; } = "UTC";

    /// <summary>How long a sign-in lasts without activity.</summary>
    public TimeSpan IdleTimeout { get; set; } = TimeSpan.FromHours(1);
}
