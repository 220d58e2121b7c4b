using System.Security.Cryptography;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.IdentityModel.Tokens;
using Vigil.Infrastructure.Database;

namespace Vigil.Identity.Credentials;

/// <summary>
/// The one way Vigil makes, finds and revokes a <see cref="HashedCredential"/> of any kind: 32 random bytes
/// behind the kind's prefix, looked up by hash with a fixed-time final comparison, revoked once. A revoked
/// credential stops authenticating on every node within the kind's cache lifetime (none for handler keys,
/// whose live connections the broker closes; 10 s for API keys).
/// </summary>
public sealed class HashedCredentials<T>(VigilDb db, TimeProvider clock) where T : HashedCredential
{
    private const int ShownPrefixLength = 12;
    private const int MaxSecretLength = 128;

    /// <summary>A new secret and the parts of it that are stored; the caller fills in the rest and saves.</summary>
    public (string Secret, string Prefix, string Hash, DateTimeOffset CreatedAt) NewSecret(string keyPrefix)
    {
        var secret = keyPrefix + Base64UrlEncoder.Encode(RandomNumberGenerator.GetBytes(32));
        return (secret, secret[..ShownPrefixLength], Hash(secret), clock.GetUtcNow());
    }

    public Task<List<T>> ListAsync(CancellationToken ct) =>
        db.Set<T>().AsNoTracking().OrderBy(k => k.CreatedAt).ThenBy(k => k.Name).ToListAsync(ct);

    /// <summary>Revokes a credential; false when there is none with this id. Revoking twice keeps the first time.</summary>
    public async Task<bool> RevokeAsync(Guid id, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        await db.Set<T>().Where(k => k.Id == id && k.RevokedAt == null).ExecuteUpdateAsync(s => s.SetProperty(k => k.RevokedAt, now), ct);
        return await db.Set<T>().AnyAsync(k => k.Id == id, ct);
    }

    /// <summary>Whether a presented secret has this kind's shape at all (worth hashing and looking up).</summary>
    public static bool IsWellFormed(string keyPrefix, string secret) =>
        secret.StartsWith(keyPrefix, StringComparison.Ordinal) && secret.Length <= MaxSecretLength;

    /// <summary>The live credential whose secret this is, or null (wrong prefix, unknown, or revoked).</summary>
    public Task<T?> FindActiveAsync(string keyPrefix, string secret, CancellationToken ct) =>
        IsWellFormed(keyPrefix, secret) ? FindActiveByHashAsync(Hash(secret), ct) : Task.FromResult<T?>(null);

    /// <summary>The live credential with this <see cref="Hash"/>, or null.</summary>
    public async Task<T?> FindActiveByHashAsync(string hash, CancellationToken ct)
    {
        var key = await db.Set<T>().AsNoTracking().SingleOrDefaultAsync(k => k.Hash == hash, ct);
        return key is null || key.RevokedAt is not null || !IsSameHash(key.Hash, hash) ? null : key;
    }

    /// <summary>
    /// The final check of a row found by its hash: the index found it, and the fixed-time comparison keeps this last
    /// step free of timing signals.
    /// </summary>
    public static bool IsSameHash(string stored, string presented) =>
        CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(stored), Encoding.ASCII.GetBytes(presented));

    public static string Hash(string secret) => Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(secret)));
}
