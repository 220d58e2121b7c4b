using Vigil.Identity.Credentials;
using Vigil.Identity.HandlerKeys;
using Vigil.Infrastructure.Database;

namespace Vigil.Broker.Security;

/// <summary>
/// The broker's two questions about handler keys, asked in plain SQL (<see cref="DatabaseConnections"/>): which active
/// key a CONNECT presents, and which of the connected handlers' keys have been revoked since.
/// </summary>
public sealed class HandlerKeyLookup(DatabaseConnections connections)
{
    /// <summary>The id of the active key whose secret this is, or null (not a handler key, unknown, or revoked).</summary>
    public async Task<Guid?> FindActiveIdAsync(string secret, CancellationToken cancellationToken)
    {
        if (!HashedCredentials<HandlerKey>.IsWellFormed(HandlerKeyService.KeyPrefix, secret))
        {
            return null;
        }
        var hash = HashedCredentials<HandlerKey>.Hash(secret);
        await using var connection = await connections.OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = """SELECT "Id", "Hash" FROM "HandlerKeys" WHERE "Hash" = @hash AND "RevokedAt" IS NULL""";
        command.AddParameter("hash", hash);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        if (!await reader.ReadAsync(cancellationToken))
        {
            return null;
        }
        return HashedCredentials<HandlerKey>.IsSameHash(reader.GetString(1), hash) ? reader.GetGuid(0) : null;
    }

    /// <summary>Those of <paramref name="ids"/> whose key is revoked (or gone).</summary>
    public async Task<HashSet<Guid>> RevokedAmongAsync(IReadOnlyList<Guid> ids, CancellationToken cancellationToken)
    {
        var active = new HashSet<Guid>();
        await using var connection = await connections.OpenAsync(cancellationToken);
        foreach (var batch in ids.Chunk(500))
        {
            await using var command = connection.CreateCommand();
            var names = batch.Select((_, i) => "@id" + i).ToArray();
            command.CommandText = $"""SELECT "Id" FROM "HandlerKeys" WHERE "RevokedAt" IS NULL AND "Id" IN ({string.Join(", ", names)})""";
            for (var i = 0; i < batch.Length; i++)
            {
                command.AddParameter(names[i][1..], batch[i]);
            }
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                active.Add(reader.GetGuid(0));
            }
        }
        return [.. ids.Where(id => !active.Contains(id))];
    }
}
