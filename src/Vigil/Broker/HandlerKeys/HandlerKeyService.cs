using System.Security.Cryptography;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.IdentityModel.Tokens;
using Vigil.Infrastructure.Database;

namespace Vigil.Broker.HandlerKeys;

/// <summary>Creates, lists, revokes and checks handler keys (<c>vgh_…</c>).</summary>
public sealed class HandlerKeyService(VigilDb db, TimeProvider clock)
{
    public const string KeyPrefix = "vgh_";
    private const int ShownPrefixLength = 12;

    public sealed record Created(HandlerKey Key, string Secret);

    public async Task<Created> CreateAsync(string name, CancellationToken cancellationToken)
    {
        name = name.Trim();
        if (name.Length is 0 or > 100 || !name.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.'))
        {
            throw new ArgumentException("a handler name is 1-100 letters, digits, '-', '_' or '.'");
        }
        var secret = KeyPrefix + Base64UrlEncoder.Encode(RandomNumberGenerator.GetBytes(32));
        var key = new HandlerKey
        {
            Id = Guid.NewGuid(), Name = name, Prefix = secret[..ShownPrefixLength], Hash = Hash(secret), CreatedAt = clock.GetUtcNow(),
        };
        db.Add(key);
        await db.SaveChangesAsync(cancellationToken);
        return new Created(key, secret);
    }

    public Task<List<HandlerKey>> ListAsync(CancellationToken cancellationToken) =>
        db.Set<HandlerKey>().AsNoTracking().OrderBy(k => k.CreatedAt).ThenBy(k => k.Name).ToListAsync(cancellationToken);

    public async Task<bool> RevokeAsync(Guid id, CancellationToken cancellationToken)
    {
        var key = await db.Set<HandlerKey>().SingleOrDefaultAsync(k => k.Id == id, cancellationToken);
        if (key is null)
        {
            return false;
        }
        key.RevokedAt ??= clock.GetUtcNow();
        await db.SaveChangesAsync(cancellationToken);
        return true;
    }

    /// <summary>The active key with this secret, or null.</summary>
    public async Task<HandlerKey?> FindActiveAsync(string secret, CancellationToken cancellationToken)
    {
        if (!secret.StartsWith(KeyPrefix, StringComparison.Ordinal) || secret.Length > 128)
        {
            return null;
        }
        var hash = Hash(secret);
        var key = await db.Set<HandlerKey>().AsNoTracking().SingleOrDefaultAsync(k => k.Hash == hash, cancellationToken);
        return key is null || key.RevokedAt is not null
            || !CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(key.Hash), Encoding.ASCII.GetBytes(hash))
            ? null
            : key;
    }

    private static string Hash(string secret) => Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(secret)));
}
