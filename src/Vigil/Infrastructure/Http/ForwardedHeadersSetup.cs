using System.Net;
using Microsoft.AspNetCore.HttpOverrides;

namespace Vigil.Infrastructure.Http;

/// <summary>X-Forwarded-For/Proto are honoured only from the proxies listed in <c>Vigil:TrustedProxies</c>.</summary>
public static class ForwardedHeadersSetup
{
    public static IServiceCollection AddTrustedProxies(this IServiceCollection services, IConfiguration configuration)
    {
        services.Configure<ForwardedHeadersOptions>(options =>
        {
            var trusted = configuration.GetSection("Vigil:TrustedProxies").Get<string[]>() ?? [];
            // With no known proxies at all the middleware would believe every sender, so then it reads nothing.
            options.ForwardedHeaders = trusted.Length == 0
                ? ForwardedHeaders.None
                : ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto;
            // The framework trusts loopback by default; Vigil trusts nobody unless told.
            options.KnownIPNetworks.Clear();
            options.KnownProxies.Clear();
            options.ForwardLimit = null;
            foreach (var entry in trusted)
            {
                if (entry.Contains('/'))
                {
                    options.KnownIPNetworks.Add(System.Net.IPNetwork.Parse(entry));
                }
                else
                {
                    options.KnownProxies.Add(IPAddress.Parse(entry));
                }
            }
        });
        return services;
    }
}
