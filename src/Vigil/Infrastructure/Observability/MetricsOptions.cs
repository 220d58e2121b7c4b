namespace Vigil.Infrastructure.Observability;

/// <summary>Settings under <c>Vigil:Metrics</c>.</summary>
public sealed class MetricsOptions
{
    public const string Section = "Vigil:Metrics";

    /// <summary>Turns metrics (and the <c>/metrics</c> endpoint) off.</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>Networks besides loopback allowed to scrape <c>/metrics</c>, in CIDR form (for example <c>10.0.0.0/8</c>).</summary>
    public List<string> AllowedNetworks { get; set; } = [];
}
