using System.Globalization;
using System.Net;
using System.Threading.RateLimiting;

namespace Vigil.Infrastructure.Http;

/// <summary>
/// Per-client fixed-window limits for the endpoints attackers hammer; attempts count, GET and HEAD are
/// free. Limits are read from <c>Vigil:RateLimits:{policy}:PermitLimit</c> and <c>…:Window</c>; a
/// rejection is a 429 with Retry-After.
/// </summary>
public static class RateLimits
{
    public const string Init = "init";
    public const string Verify = "verify";
    public const string Refresh = "refresh";
    public const string Login = "login";

    private static readonly Dictionary<string, int> DefaultPermits = new()
    {
        [Init] = 10,
        [Verify] = 30,
        [Refresh] = 60,
        [Login] = 20,
    };

    public static IServiceCollection AddVigilRateLimits(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddRateLimiter(limiter =>
        {
            foreach (var (policy, permits) in DefaultPermits)
            {
                var section = configuration.GetSection($"Vigil:RateLimits:{policy}");
                var permitLimit = section.GetValue("PermitLimit", permits);
                var window = section.GetValue("Window", TimeSpan.FromMinutes(1));
                // Attempts count, not page views: the portal's sign-in page shares the login policy with its POST.
                limiter.AddPolicy(policy, context => HttpMethods.IsGet(context.Request.Method) || HttpMethods.IsHead(context.Request.Method)
                    ? RateLimitPartition.GetNoLimiter("read")
                    : RateLimitPartition.GetFixedWindowLimiter(
                        ClientPartition(context.Connection.RemoteIpAddress),
                        _ => new FixedWindowRateLimiterOptions { PermitLimit = permitLimit, Window = window, QueueLimit = 0 }));
            }
            limiter.OnRejected = async (context, cancellationToken) =>
            {
                var retryAfter = context.Lease.TryGetMetadata(MetadataName.RetryAfter, out var after) ? after : TimeSpan.FromMinutes(1);
                await TooManyRequests(context.HttpContext, retryAfter, "too many requests; try again later")
                    .ExecuteAsync(context.HttpContext);
            };
        });
        return services;
    }

    /// <summary>A 429 with Retry-After in whole seconds (at least one).</summary>
    public static IResult TooManyRequests(HttpContext context, TimeSpan retryAfter, string message)
    {
        var seconds = Math.Max(1, (int)Math.Ceiling(retryAfter.TotalSeconds));
        context.Response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
        return ErrorMessage.Result(StatusCodes.Status429TooManyRequests, message);
    }

    /// <summary>One partition per IPv4 address, per IPv6 /64 (one customer's allocation).</summary>
    public static string ClientPartition(IPAddress? address)
    {
        if (address is null)
        {
            return "unknown";
        }
        if (address.IsIPv4MappedToIPv6)
        {
            address = address.MapToIPv4();
        }
        if (address.AddressFamily == System.Net.Sockets.AddressFamily.InterNetworkV6)
        {
            var bytes = address.GetAddressBytes();
            Array.Clear(bytes, 8, 8);
            return new IPAddress(bytes) + "/64";
        }
        return address.ToString();
    }
}
