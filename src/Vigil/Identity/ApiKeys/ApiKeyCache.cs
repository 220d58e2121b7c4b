using System.Collections.Concurrent;

namespace Vigil.Identity.ApiKeys;

/// <summary>
/// Live API keys recently seen, by hash, for a few seconds: a portal issuing codes in a loop should not
/// cost a database lookup per request. Revoking on this node evicts at once; other nodes notice within
/// <see cref="Lifetime"/>. Unknown keys are never cached.
/// </summary>
public sealed class ApiKeyCache(TimeProvider clock)
{
    public static readonly TimeSpan Lifetime = TimeSpan.FromSeconds(10);
    private const int MaxEntries = 10_000;
    private readonly ConcurrentDictionary<string, (ApiKey Key, DateTimeOffset Until)> _entries = new(StringComparer.Ordinal);

    public ApiKey? Find(string hash) =>
        _entries.TryGetValue(hash, out var entry) && entry.Until > clock.GetUtcNow() ? entry.Key : null;

    public void Add(string hash, ApiKey key)
    {
        if (_entries.Count >= MaxEntries)
        {
            _entries.Clear();
        }
        _entries[hash] = (key, clock.GetUtcNow() + Lifetime);
    }

    public void Evict(Guid id)
    {
        foreach (var (hash, entry) in _entries)
        {
            if (entry.Key.Id == id)
            {
                _entries.TryRemove(hash, out _);
            }
        }
    }
}
