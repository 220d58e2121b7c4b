using System.Net;
using System.Security.Cryptography.X509Certificates;
using Microsoft.AspNetCore.Connections;
using Microsoft.AspNetCore.Server.Kestrel.Core;

namespace Vigil.Broker.Hosting;

/// <summary>
/// Adds the MQTT listeners to Kestrel. Binding any endpoint in code makes Kestrel ignore
/// <c>--urls</c>, so the HTTP addresses from configuration are bound here too.
/// </summary>
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
        BindHttpUrls(kestrel, configuration);
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

    private static void BindHttpUrls(KestrelServerOptions kestrel, IConfiguration configuration)
    {
        var urls = configuration["urls"];
        if (string.IsNullOrWhiteSpace(urls))
        {
            var ports = configuration["http_ports"];
            urls = string.IsNullOrWhiteSpace(ports)
                ? "http://localhost:5000"
                : string.Join(';', ports.Split(';', StringSplitOptions.RemoveEmptyEntries).Select(p => $"http://*:{p}"));
        }
        foreach (var url in urls.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            // "*" and "+" are not valid URI hosts; they mean every interface.
            var uri = new Uri(url.Replace("://*", "://0.0.0.0").Replace("://+", "://0.0.0.0"));
            void Http(ListenOptions listen)
            {
                if (uri.Scheme == "https")
                {
                    listen.UseHttps();
                }
            }
            if (uri.Host == "localhost")
            {
                kestrel.ListenLocalhost(uri.Port, Http);
            }
            else
            {
                kestrel.Listen(IPAddress.Parse(uri.Host.Trim('[', ']')), uri.Port, Http);
            }
        }
    }

    /// <summary>
    /// The hosting layer also hands the configured URLs to Kestrel, which then warns at start-up that it
    /// overrides them with the endpoints bound here (the same URLs): the hosting copy is dropped instead.
    /// </summary>
    internal sealed class HostingUrlsBoundInCode : IStartupFilter
    {
        public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
        {
            if (app.ServerFeatures.Get<Microsoft.AspNetCore.Hosting.Server.Features.IServerAddressesFeature>() is { Addresses.IsReadOnly: false } feature)
            {
                feature.Addresses.Clear();
            }
            next(app);
        };
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
