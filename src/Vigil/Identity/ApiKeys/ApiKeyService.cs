using Vigil.Identity.Credentials;
using Vigil.Infrastructure.Database;

namespace Vigil.Identity.ApiKeys;

/// <summary>Creates, lists, revokes and checks health-authority API keys (<c>vgk_…</c>).</summary>
public sealed class ApiKeyService(VigilDb db, HashedCredentials<ApiKey> credentials, ApiKeyCache cache)
{
    public const string KeyPrefix = "vgk_";

    public sealed record Created(ApiKey Key, string Secret);

    public async Task<Created> CreateAsync(string region, string name, CancellationToken cancellationToken)
    {
        region = region.Trim();
        name = name.Trim();
        if (!IsValidRegion(region))
        {
            throw new ArgumentException("region must be 1 to 16 letters, digits or dashes (for example an MCC such as 302)");
        }
        if (name.Length is 0 or > 200)
        {
            throw new ArgumentException("name must be 1 to 200 characters");
        }
        var (secret, prefix, hash, createdAt) = credentials.NewSecret(KeyPrefix);
        var key = new ApiKey { Id = Guid.NewGuid(), Name = name, Region = region, Prefix = prefix, Hash = hash, CreatedAt = createdAt };
        db.Add(key);
        await db.SaveChangesAsync(cancellationToken);
        return new Created(key, secret);
    }

    public Task<List<ApiKey>> ListAsync(CancellationToken cancellationToken) => credentials.ListAsync(cancellationToken);

    /// <summary>
    /// Revokes a key; false when there is no such key. This node forgets it at once; other nodes within the
    /// cache lifetime (<see cref="ApiKeyCache"/>, 10 s).
    /// </summary>
    public async Task<bool> RevokeAsync(Guid id, CancellationToken cancellationToken)
    {
        var found = await credentials.RevokeAsync(id, cancellationToken);
        cache.Evict(id);
        return found;
    }

    /// <summary>The live key matching a presented secret, or null.</summary>
    public async Task<ApiKey?> FindActiveAsync(string secret, CancellationToken cancellationToken)
    {
        if (!HashedCredentials<ApiKey>.IsWellFormed(KeyPrefix, secret))
        {
            return null;
        }
        var hash = HashedCredentials<ApiKey>.Hash(secret);
        if (cache.Find(hash) is { } known)
        {
            return known;
        }
        var key = await credentials.FindActiveByHashAsync(hash, cancellationToken);
        if (key is not null)
        {
            cache.Add(hash, key);
        }
        return key;
    }

    public static bool IsValidRegion(string region) =>
        region.Length is > 0 and <= 16 && region.All(c => char.IsAsciiLetterOrDigit(c) || c == '-');
}
