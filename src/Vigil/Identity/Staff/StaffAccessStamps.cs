using System.Collections.Concurrent;
using Microsoft.Extensions.Options;
using Vigil.Infrastructure.Database;

namespace Vigil.Identity.Staff;

/// <summary>
/// Whether a staff account still has the security stamp a token was issued with. Each node reads an account
/// at most once per <see cref="StaffOptions.AccessCheckInterval"/>, so a change made on any node (or by the
/// CLI) ends the old tokens everywhere within that interval, at the cost of a dictionary look-up per request. The
/// account is read in plain SQL (<see cref="DatabaseConnections"/>), so that an MQTT-only node checks staff connections
/// without loading Entity Framework.
/// </summary>
public sealed class StaffAccessStamps(DatabaseConnections connections, IOptions<StaffOptions> options, TimeProvider clock)
{
    private const int MaxEntries = 100_000;
    private readonly ConcurrentDictionary<Guid, (string? Stamp, DateTimeOffset ReadAt)> _current = new();

    /// <summary>True when the account exists, is not disabled, and its stamp is <paramref name="stamp"/>.</summary>
    public async ValueTask<bool> IsCurrentAsync(Guid staffId, string? stamp, CancellationToken cancellationToken = default)
    {
        if (stamp is null)
        {
            return false;
        }
        var now = clock.GetUtcNow();
        if (!_current.TryGetValue(staffId, out var known) || now - known.ReadAt >= options.Value.AccessCheckInterval || now < known.ReadAt)
        {
            known = (await ReadAsync(staffId, cancellationToken), now);
            if (_current.Count >= MaxEntries)
            {
                _current.Clear();
            }
            _current[staffId] = known;
        }
        // Compared as the strings' own bytes: every staff request comes through here, so nothing is allocated.
        return known.Stamp is not null
            && System.Security.Cryptography.CryptographicOperations.FixedTimeEquals(
                System.Runtime.InteropServices.MemoryMarshal.AsBytes(known.Stamp.AsSpan()),
                System.Runtime.InteropServices.MemoryMarshal.AsBytes(stamp.AsSpan()));
    }

    private async Task<string?> ReadAsync(Guid staffId, CancellationToken cancellationToken)
    {
        await using var connection = await connections.OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = """
            SELECT "PasswordHash", "Roles", "Region", "AccessControl" FROM "StaffAccounts" WHERE "Id" = @id AND "DisabledAt" IS NULL
            """;
        command.AddParameter("id", staffId);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        if (!await reader.ReadAsync(cancellationToken))
        {
            return null;
        }
        return StaffAccounts.SecurityStamp(reader.GetString(0), reader.GetString(1),
            reader.IsDBNull(2) ? null : reader.GetString(2), reader.IsDBNull(3) ? null : reader.GetString(3));
    }
}
