using System.Collections.Concurrent;
using Microsoft.IdentityModel.Tokens;

namespace Vigil.Identity.Tokens;

/// <summary>The keys an issuer signs with and the algorithms pinned for them: one instance per issuer and fetch, so callers can key caches on it.</summary>
public sealed class IssuerKeys(IReadOnlyList<SecurityKey> keys, string[] algorithms)
{
    public IReadOnlyList<SecurityKey> Keys { get; } = keys;
    public string[] Algorithms { get; } = algorithms;
}

/// <summary>
/// Keys and pinned algorithms of external issuers. Keys from configuration are made once (the same key
/// object lets the token library reuse its signature provider); a remote JWKS is cached for ten minutes.
/// </summary>
public sealed class ExternalIssuerKeys(IHttpClientFactory httpClients, TimeProvider clock)
{
    private static readonly TimeSpan CacheFor = TimeSpan.FromMinutes(10);
    private static readonly string[] Asymmetric = [SecurityAlgorithms.EcdsaSha256, SecurityAlgorithms.RsaSha256];
    private readonly ConcurrentDictionary<ExternalIssuer, IssuerKeys> _configured = new();
    private readonly ConcurrentDictionary<string, (IssuerKeys Keys, DateTimeOffset FetchedAt)> _remote = new();

    public async ValueTask<IssuerKeys> GetAsync(ExternalIssuer issuer)
    {
        if (_configured.TryGetValue(issuer, out var keys))
        {
            return keys;
        }
        if (FromConfiguration(issuer) is { } configured)
        {
            return _configured.GetOrAdd(issuer, configured);
        }
        if (issuer.JwksUrl is { Length: > 0 } url)
        {
            var now = clock.GetUtcNow();
            if (!_remote.TryGetValue(url, out var cached) || now - cached.FetchedAt > CacheFor)
            {
                var json = await httpClients.CreateClient(nameof(ExternalIssuerKeys)).GetStringAsync(url);
                cached = (new IssuerKeys([.. new JsonWebKeySet(json).GetSigningKeys()], Asymmetric), now);
                _remote[url] = cached;
            }
            return cached.Keys;
        }
        throw new InvalidOperationException($"External issuer {issuer.Issuer} needs HmacSecret, Jwks or JwksUrl.");
    }

    private static IssuerKeys? FromConfiguration(ExternalIssuer issuer)
    {
        if (issuer.HmacSecret is { Length: > 0 } secret)
        {
            var bytes = Convert.FromBase64String(secret);
            if (bytes.Length < 32)
            {
                throw new InvalidOperationException($"The HS256 secret of external issuer {issuer.Issuer} is shorter than 32 bytes.");
            }
            return new IssuerKeys([new SymmetricSecurityKey(bytes)], [SecurityAlgorithms.HmacSha256]);
        }
        return issuer.Jwks is { Length: > 0 } inline ? new IssuerKeys([.. new JsonWebKeySet(inline).GetSigningKeys()], Asymmetric) : null;
    }
}
