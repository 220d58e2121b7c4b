using System.Security.Cryptography;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.IdentityModel.Tokens;
using Vigil.Infrastructure.Database;

namespace Vigil.Identity.ApiKeys;

/// <summary>Creates, lists, revokes and checks health-authority API keys.</summary>
public sealed class ApiKeyService(VigilDb db, ApiKeyCache cache, TimeProvider clock)
{
    public const string KeyPrefix = "vgk_";
    private const int ShownPrefixLength = 12;

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
        var secret = KeyPrefix + Base64UrlEncoder.Encode(RandomNumberGenerator.GetBytes(32));
        var key = new ApiKey
        {
            Id = Guid.NewGuid(),
            Name = name,
            Region = region,
            Prefix = secret[..ShownPrefixLength],
            Hash = Hash(secret),
            CreatedAt = clock.GetUtcNow(),
        };
        db.Add(key);
        await db.SaveChangesAsync(cancellationToken);
        return new Created(key, secret);
    }

    public Task<List<ApiKey>> ListAsync(CancellationToken cancellationToken) =>
        db.Set<ApiKey>().AsNoTracking().OrderBy(k => k.CreatedAt).ToListAsync(cancellationToken);

    /// <summary>Revokes a key; false when there is no such key. Revoking twice keeps the first time.</summary>
    public async Task<bool> RevokeAsync(Guid id, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        await db.Set<ApiKey>().Where(k => k.Id == id && k.RevokedAt == null)
            .ExecuteUpdateAsync(s => s.SetProperty(k => k.RevokedAt, now), cancellationToken);
        cache.Evict(id);
        return await db.Set<ApiKey>().AnyAsync(k => k.Id == id, cancellationToken);
    }

    /// <summary>The live key matching a presented secret, or null.</summary>
    public async Task<ApiKey?> FindActiveAsync(string secret, CancellationToken cancellationToken)
    {
        if (!secret.StartsWith(KeyPrefix, StringComparison.Ordinal) || secret.Length > 128)
        {
            return null;
        }
        var hash = Hash(secret);
        if (cache.Find(hash) is { } known)
        {
            return known;
        }
        var key = await db.Set<ApiKey>().AsNoTracking().SingleOrDefaultAsync(k => k.Hash == hash, cancellationToken);
        // The index finds the row by hash; the fixed-time comparison keeps the final check free of timing signals.
        if (key is null || key.RevokedAt is not null
            || !CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(key.Hash), Encoding.ASCII.GetBytes(hash)))
        {
            return null;
        }
        cache.Add(hash, key);
        return key;
    }

    public static bool IsValidRegion(string region) =>
        region.Length is > 0 and <= 16 && region.All(c => char.IsAsciiLetterOrDigit(c) || c == '-');

    private static string Hash(string secret) => Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(secret)));
}
