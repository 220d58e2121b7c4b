using System.Data.Common;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using Vigil.Exposure.Metrics;
using Vigil.Infrastructure.Database;

namespace Vigil.Exposure.Claims;

/// <summary>Binds an app's public key to the keypair of a live one-time code, once.</summary>
public sealed class KeyClaimer(VigilDb db, OneTimeCodes codes, TimeProvider clock)
{
    public enum Result { Claimed, InvalidCode, KeyAlreadyRegistered }

    public sealed record Outcome(Result Result, byte[]? ServerPublicKey = null);

    private sealed record Claimed(Guid ApiKeyId, string Region, long CreatedAt, byte[] ServerPublicKey);

    public async Task<Outcome> ClaimAsync(string code, byte[] appPublicKey, CancellationToken cancellationToken)
    {
        if (await db.Set<KeyClaim>().AnyAsync(c => c.AppPublicKey == appPublicKey, cancellationToken))
        {
            return new Outcome(Result.KeyAlreadyRegistered);
        }
        var now = clock.GetUtcNow();
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        Claimed? claim;
        try
        {
            claim = await ClaimRowAsync(transaction, codes.Hash(code), appPublicKey, now.ToUnixTimeMilliseconds(), cancellationToken);
        }
        catch (DbException e) when (DbErrors.IsUniqueViolation(e))
        {
            return new Outcome(Result.KeyAlreadyRegistered);
        }
        if (claim is null)
        {
            return new Outcome(Result.InvalidCode);
        }
        var delay = now.ToUnixTimeSeconds() - claim.CreatedAt / 1000;
        db.RecordMetrics(claim.ApiKeyId, claim.Region, ExposureMetrics.DayOf(now), c => { c.CodesClaimed = 1; c.ClaimDelaySeconds = delay; });
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return new Outcome(Result.Claimed, claim.ServerPublicKey);
    }

    /// <summary>
    /// Finds and claims the live code in one statement (UPDATE … RETURNING): two claims of one code cannot
    /// both match. The upload window opens at 00:00 UTC of the day the code was created.
    /// </summary>
    private async Task<Claimed?> ClaimRowAsync(IDbContextTransaction transaction, string codeHash, byte[] appPublicKey, long nowMs, CancellationToken cancellationToken)
    {
        await using var command = db.CreateCommand(transaction, """
            UPDATE "KeyClaims" SET "ClaimedAt" = @now, "AppPublicKey" = @appKey, "WindowStart" = "CreatedAt" / 86400000 * 86400000
            WHERE "CodeHash" = @codeHash AND "ClaimedAt" IS NULL AND "ExpiresAt" > @now
            RETURNING "ApiKeyId", "Region", "CreatedAt", "ServerPublicKey"
            """);
        command.AddParameter("now", nowMs).AddParameter("appKey", appPublicKey).AddParameter("codeHash", codeHash);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken)
            ? new Claimed(reader.GetGuid(0), reader.GetString(1), reader.GetInt64(2), reader.GetFieldValue<byte[]>(3))
            : null;
    }
}
