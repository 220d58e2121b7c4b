using System.Collections.Concurrent;
using System.Security.Claims;

namespace Vigil.Identity.Tokens;

/// <summary>
/// Access tokens already verified, by their exact text, until they expire. The same bytes carry the
/// same signature, so a hit needs no second ECDSA verification (the dominant cost of an authenticated
/// request). Bounded: when full it starts over.
/// </summary>
public sealed class ValidatedTokenCache(TimeProvider clock, Microsoft.Extensions.Options.IOptions<TokenOptions> options)
{
    private int MaxEntries => options.Value.ValidatedTokenCacheSize;
    private readonly ConcurrentDictionary<string, (ClaimsIdentity Identity, DateTimeOffset Expires)> _entries = new(StringComparer.Ordinal);
    private int _count;

    /// <summary>A copy of the cached identity, or null when the token is unknown here or expired.</summary>
    public ClaimsIdentity? Find(string token)
    {
        if (!_entries.TryGetValue(token, out var entry))
        {
            return null;
        }
        if (clock.GetUtcNow() > entry.Expires)
        {
            if (_entries.TryRemove(token, out _))
            {
                Interlocked.Decrement(ref _count);
            }
            return null;
        }
        return entry.Identity.Clone();
    }

    /// <summary>Remembers a token that passed full validation, until <paramref name="validUntil"/> (expiry plus skew).</summary>
    public void Add(string token, ClaimsIdentity identity, DateTimeOffset validUntil)
    {
        if (MaxEntries <= 0)
        {
            return;
        }
        if (Interlocked.Increment(ref _count) > MaxEntries)
        {
            _entries.Clear();
            Interlocked.Exchange(ref _count, 1);
        }
        if (!_entries.TryAdd(token, (identity.Clone(), validUntil)))
        {
            Interlocked.Decrement(ref _count);
        }
    }
}
