using Microsoft.AspNetCore.Http.Metadata;

namespace Vigil.Infrastructure.Observability;

/// <summary>OpenTelemetry's HTTP server attributes that Vigil's request spans and request-duration histogram share.</summary>
internal static class HttpServerAttributes
{
    /// <summary><c>http.route</c>: the matched endpoint's route template, or null.</summary>
    public static string? Route(Endpoint? endpoint) => endpoint?.Metadata.GetMetadata<IRouteDiagnosticsMetadata>()?.Route;

    /// <summary><c>network.protocol.version</c> of a request's protocol (<c>HTTP/1.1</c> gives <c>1.1</c>), or null.</summary>
    public static string? ProtocolVersion(string protocol) =>
        HttpProtocol.IsHttp11(protocol) ? "1.1"
        : HttpProtocol.IsHttp2(protocol) ? "2"
        : HttpProtocol.IsHttp3(protocol) ? "3"
        : HttpProtocol.IsHttp10(protocol) ? "1.0"
        : null;
}
