using System.Net;
using System.Security.Cryptography.X509Certificates;
using Microsoft.AspNetCore.Connections;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Vigil.Infrastructure.Http;

namespace Vigil.Broker.Hosting;

/// <summary>Adds the MQTT listeners to Kestrel (and with them the HTTP addresses: see <see cref="HttpUrlsInCode"/>).</summary>
internal static class BrokerEndpoints
{
    /// <summary>Whether the broker binds listeners of its own (and with them the HTTP addresses).</summary>
    public static bool BindsEndpoints(BrokerOptions options) => options.Enabled && (options.TcpPort > 0 || options.TlsPort > 0);

    public static void Configure(KestrelServerOptions kestrel, BrokerOptions options, IConfiguration configuration, IHostEnvironment environment)
    {
        if (!BindsEndpoints(options))
        {
            return;
        }
        if (options.TcpPort > 0 && environment.IsProduction() && !options.AllowPlainTcpInProduction)
        {
            throw new InvalidOperationException(
                "Vigil:Broker:TcpPort serves MQTT without TLS, which Production refuses: set Vigil:Broker:TlsPort with a certificate and Vigil:Broker:TcpPort=0, "
                + "or Vigil:Broker:AllowPlainTcpInProduction=true behind a TLS-terminating proxy.");
        }
        HttpUrlsInCode.EnsureBound(kestrel, configuration);
        var address = IPAddress.TryParse(options.BindAddress, out var parsed)
            ? parsed
            : throw new InvalidOperationException($"Vigil:Broker:BindAddress '{options.BindAddress}' is not an IP address.");
        if (options.TcpPort > 0)
        {
            kestrel.Listen(address, options.TcpPort, listen => listen.UseConnectionHandler<MqttConnectionHandler>());
        }
        if (options.TlsPort > 0)
        {
            var certificate = LoadCertificate(options);
            kestrel.Listen(address, options.TlsPort, listen =>
            {
                listen.UseHttps(certificate);
                listen.UseConnectionHandler<MqttConnectionHandler>();
            });
        }
    }

    private static X509Certificate2 LoadCertificate(BrokerOptions options)
    {
        var path = options.CertificatePath
            ?? throw new InvalidOperationException("Vigil:Broker:TlsPort is set but Vigil:Broker:CertificatePath is not.");
        if (!File.Exists(path))
        {
            throw new InvalidOperationException($"Vigil:Broker:CertificatePath '{path}' does not exist.");
        }
        return Path.GetExtension(path).ToLowerInvariant() is ".pfx" or ".p12"
            ? X509CertificateLoader.LoadPkcs12FromFile(path, options.CertificatePassword)
            : X509Certificate2.CreateFromPemFile(path, options.CertificateKeyPath);
    }
}
