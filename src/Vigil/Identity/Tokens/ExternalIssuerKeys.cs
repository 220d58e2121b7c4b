using System.Collections.Concurrent;
using Microsoft.IdentityModel.Tokens;

namespace Vigil.Identity.Tokens;

/// <summary>Keys and pinned algorithms of external issuers; a remote JWKS is cached for ten minutes.</summary>
public sealed class ExternalIssuerKeys(IHttpClientFactory httpClients, TimeProvider clock)
{
    private static readonly TimeSpan CacheFor = TimeSpan.FromMinutes(10);
    private static readonly string[] Asymmetric = [SecurityAlgorithms.EcdsaSha256, SecurityAlgorithms.RsaSha256];
    private readonly ConcurrentDictionary<string, (IList<SecurityKey> Keys, DateTimeOffset FetchedAt)> _remote = new();

    public async Task<(IEnumerable<SecurityKey> Keys, string[] Algorithms)> GetAsync(ExternalIssuer issuer)
    {
        if (issuer.HmacSecret is { Length: > 0 } secret)
        {
            var bytes = Convert.FromBase64String(secret);
            if (bytes.Length < 32)
            {
                throw new InvalidOperationException($"The HS256 secret of external issuer {issuer.Issuer} is shorter than 32 bytes.");
            }
            return ([new SymmetricSecurityKey(bytes)], [SecurityAlgorithms.HmacSha256]);
        }
        if (issuer.Jwks is { Length: > 0 } inline)
        {
            return (new JsonWebKeySet(inline).GetSigningKeys(), Asymmetric);
        }
        if (issuer.JwksUrl is { Length: > 0 } url)
        {
            var now = clock.GetUtcNow();
            if (!_remote.TryGetValue(url, out var cached) || now - cached.FetchedAt > CacheFor)
            {
                var json = await httpClients.CreateClient(nameof(ExternalIssuerKeys)).GetStringAsync(url);
                cached = (new JsonWebKeySet(json).GetSigningKeys(), now);
                _remote[url] = cached;
            }
            return (cached.Keys, Asymmetric);
        }
        throw new InvalidOperationException($"External issuer {issuer.Issuer} needs HmacSecret, Jwks or JwksUrl.");
    }
}
