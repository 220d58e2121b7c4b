using System.Net;

namespace Vigil.Infrastructure.Observability;

/// <summary>Who may read <c>/metrics</c>, and on which port; with a metrics port, that port serves nothing else but the health checks.</summary>
internal sealed class MetricsEndpoint
{
    public const string Path = "/metrics";

    private readonly List<IPNetwork> _networks;
    private readonly int _port;

    public MetricsEndpoint(MetricsOptions options)
    {
        _networks = [.. options.AllowedNetworks.Select(n => IPNetwork.TryParse(n, out var network)
            ? network
            : throw new InvalidOperationException($"Vigil:Metrics:AllowedNetworks '{n}' is not a network in CIDR form (e.g. 10.0.0.0/8)."))];
        _port = options.Port;
    }

    public static bool IsMetricsPath(PathString path) => path.StartsWithSegments(Path);

    /// <summary>Whether <paramref name="context"/> may go on; <paramref name="metrics"/> says whether it asks for <c>/metrics</c>.</summary>
    public bool Admits(HttpContext context, out bool metrics)
    {
        metrics = IsMetricsPath(context.Request.Path);
        if (_port > 0)
        {
            var onMetricsPort = context.Connection.LocalPort == _port;
            if (onMetricsPort != metrics && !(onMetricsPort && IsHealthPath(context.Request.Path)))
            {
                return false;
            }
        }
        if (!metrics)
        {
            return true;
        }
        var peer = context.Connection.RemoteIpAddress is { IsIPv4MappedToIPv6: true } mapped ? mapped.MapToIPv4() : context.Connection.RemoteIpAddress;
        return peer is not null && (IPAddress.IsLoopback(peer) || _networks.Any(n => n.Contains(peer)));
    }

    private static bool IsHealthPath(PathString path) => path.StartsWithSegments("/healthz") || path.StartsWithSegments("/readyz");
}
