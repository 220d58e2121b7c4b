namespace Vigil.Infrastructure;

/// <summary>Top-level settings under the <c>Vigil</c> configuration section.</summary>
public sealed class VigilOptions
{
    public const string Section = "Vigil";

    /// <summary>Where the embedded database, generated secrets and outboxes live.</summary>
    public string DataDirectory { get; set; } = "./data";

    /// <summary>The public base URL (used as token issuer and in discovery documents). Derived from the request when empty.</summary>
    public string? PublicUrl { get; set; }

    /// <summary>Proxies (addresses or CIDR networks) whose X-Forwarded-* headers are honoured. Empty: none.</summary>
    public List<string> TrustedProxies { get; set; } = [];

    /// <summary>Largest JSON request body the identity endpoints read, in bytes.</summary>
    public int MaxJsonBodyBytes { get; set; } = 16 * 1024;

    public DatabaseOptions Database { get; set; } = new();
}
