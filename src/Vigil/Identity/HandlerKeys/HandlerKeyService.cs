using Vigil.Identity.Credentials;
using Vigil.Infrastructure.Database;

namespace Vigil.Identity.HandlerKeys;

/// <summary>Creates, lists, revokes and checks handler keys (<c>vgh_…</c>), the broker credentials of back-end handlers.</summary>
public sealed class HandlerKeyService(VigilDb db, HashedCredentials<HandlerKey> credentials)
{
    public const string KeyPrefix = "vgh_";

    public sealed record Created(HandlerKey Key, string Secret);

    public async Task<Created> CreateAsync(string name, CancellationToken cancellationToken)
    {
        name = name.Trim();
        if (name.Length is 0 or > 100 || !name.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.'))
        {
            throw new ArgumentException("a handler name is 1-100 letters, digits, '-', '_' or '.'");
        }
        var (secret, prefix, hash, createdAt) = credentials.NewSecret(KeyPrefix);
        var key = new HandlerKey { Id = Guid.NewGuid(), Name = name, Prefix = prefix, Hash = hash, CreatedAt = createdAt };
        db.Add(key);
        await db.SaveChangesAsync(cancellationToken);
        return new Created(key, secret);
    }

    public Task<List<HandlerKey>> ListAsync(CancellationToken cancellationToken) => credentials.ListAsync(cancellationToken);

    /// <summary>Revokes a key; false when there is no such key. The broker closes its live connections (RevokedHandlerKeys).</summary>
    public Task<bool> RevokeAsync(Guid id, CancellationToken cancellationToken) => credentials.RevokeAsync(id, cancellationToken);

    /// <summary>The active key with this secret, or null.</summary>
    public Task<HandlerKey?> FindActiveAsync(string secret, CancellationToken cancellationToken) =>
        credentials.FindActiveAsync(KeyPrefix, secret, cancellationToken);
}
