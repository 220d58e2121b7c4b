using System.Net;
using System.Runtime.CompilerServices;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Server.Kestrel.Core;

namespace Vigil.Infrastructure.Http;

/// <summary>
/// Binding any endpoint in code (the MQTT listeners, a metrics port) makes Kestrel ignore <c>--urls</c>, so whoever
/// binds one first binds the configured HTTP addresses here too, once per Kestrel.
/// </summary>
public static class HttpUrlsInCode
{
    private static readonly ConditionalWeakTable<KestrelServerOptions, object> Bound = [];

    /// <summary>Binds the HTTP addresses from configuration (<c>urls</c>, <c>http_ports</c>, else localhost:5000) unless already bound.</summary>
    public static void EnsureBound(KestrelServerOptions kestrel, IConfiguration configuration)
    {
        if (!Bound.TryAdd(kestrel, new object()))
        {
            return;
        }
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

    /// <summary>Registers <see cref="DropHostingCopy"/> (once, whoever asks).</summary>
    public static void AddStartupFilter(IServiceCollection services) =>
        Microsoft.Extensions.DependencyInjection.Extensions.ServiceCollectionDescriptorExtensions.TryAddEnumerable(
            services, ServiceDescriptor.Singleton<IStartupFilter, DropHostingCopy>());

    /// <summary>
    /// The hosting layer also hands the configured URLs to Kestrel, which then warns at start-up that it
    /// overrides them with the endpoints bound in code (the same URLs): the hosting copy is dropped instead.
    /// </summary>
    private sealed class DropHostingCopy : IStartupFilter
    {
        public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
        {
            if (app.ServerFeatures.Get<IServerAddressesFeature>() is { Addresses.IsReadOnly: false } feature)
            {
                feature.Addresses.Clear();
            }
            next(app);
        };
    }
}
