using System.Net;
using System.Security.Cryptography.X509Certificates;
using Microsoft.AspNetCore.Connections;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Vigil.Infrastructure.Http;

namespace Vigil.Broker.Hosting;

/// <summary>Adds the MQTT listeners to Kestrel (and with them the HTTP addresses: see <see cref="HttpUrlsInCode"/>).</summary>
internal static class BrokerEndpoints
{
    /// <summary>Whether the broker binds Kestrel listeners (and with them the HTTP addresses).</summary>
    public static bool BindsEndpoints(BrokerOptions options) => options.Enabled && (ServesTcpOnKestrel(options) || options.TlsPort > 0);

    /// <summary>Whether the plain TCP port goes to Vigil's event loops rather than to Kestrel.</summary>
    public static bool ServesTcpOnEventLoop(BrokerOptions options) =>
        options.Enabled && options.TcpPort > 0 && options.TcpTransport == MqttTcpTransport.EventLoop && Vigil.Mqtt.Transport.MqttTcpListener.IsSupported;

    private static bool ServesTcpOnKestrel(BrokerOptions options) => options.TcpPort > 0 && !ServesTcpOnEventLoop(options);

    /// <summary>Production serves plain MQTT only behind a TLS-terminating proxy that the configuration names.</summary>
    public static void EnsurePlainTcpAllowed(BrokerOptions options, IHostEnvironment environment)
    {
        if (options.Enabled && options.TcpPort > 0 && environment.IsProduction() && !options.AllowPlainTcpInProduction)
        {
            throw new InvalidOperationException(
                "Vigil:Broker:TcpPort serves MQTT without TLS, which Production refuses: set Vigil:Broker:TlsPort with a certificate and Vigil:Broker:TcpPort=0, "
                + "or Vigil:Broker:AllowPlainTcpInProduction=true behind a TLS-terminating proxy.");
        }
    }

    /// <summary>The address the MQTT listeners bind to.</summary>
    public static IPAddress BindAddress(BrokerOptions options) => IPAddress.TryParse(options.BindAddress, out var parsed)
        ? parsed
        : throw new InvalidOperationException($"Vigil:Broker:BindAddress '{options.BindAddress}' is not an IP address.");

    public static void Configure(KestrelServerOptions kestrel, BrokerOptions options, IConfiguration configuration, IHostEnvironment environment)
    {
        if (!BindsEndpoints(options))
        {
            return;
        }
        EnsurePlainTcpAllowed(options, environment);
        HttpUrlsInCode.EnsureBound(kestrel, configuration);
        var address = BindAddress(options);
        if (ServesTcpOnKestrel(options))
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
