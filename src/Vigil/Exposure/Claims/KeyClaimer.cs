using System.Data.Common;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using Microsoft.Extensions.Options;
using Vigil.Exposure.Metrics;
using Vigil.Infrastructure.Database;

namespace Vigil.Exposure.Claims;

/// <summary>Binds an app's public key to the keypair of a live one-time code, once.</summary>
public sealed class KeyClaimer(VigilDb db, OneTimeCodes codes, IOptions<ExposureOptions> options, TimeProvider clock)
{
    public enum Result { Claimed, InvalidCode, KeyAlreadyRegistered }

    public sealed record Outcome(Result Result, byte[]? ServerPublicKey = null);

    private sealed record Claimed(Guid ApiKeyId, string Region, long CreatedAt, byte[] ServerPublicKey);

    /// <summary>
    /// Claims the code for the app key. A code already claimed by this very app key within
    /// <see cref="ExposureOptions.ClaimRetryWindow"/> answers as the first claim did (a retry after a lost
    /// response); an app key registered to another code is refused; any other used, unknown or expired code too.
    /// </summary>
    public async Task<Outcome> ClaimAsync(string code, byte[] appPublicKey, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var codeHash = codes.Hash(code);
        Claimed? claim;
        await using (var transaction = await db.Database.BeginTransactionAsync(cancellationToken))
        {
            try
            {
                claim = await ClaimRowAsync(transaction, codeHash, appPublicKey, now.ToUnixTimeMilliseconds(), cancellationToken);
            }
            catch (DbException e) when (DbErrors.IsUniqueViolation(e))
            {
                claim = null;
            }
            if (claim is not null)
            {
                var delay = now.ToUnixTimeSeconds() - claim.CreatedAt / 1000;
                db.RecordMetrics(claim.ApiKeyId, claim.Region, ExposureMetrics.DayOf(now), c => { c.CodesClaimed = 1; c.ClaimDelaySeconds = delay; });
                await db.SaveChangesAsync(cancellationToken);
                await transaction.CommitAsync(cancellationToken);
                return new Outcome(Result.Claimed, claim.ServerPublicKey);
            }
        }
        // Read after the claim attempt: a concurrent first claim of this pair has committed by now (the UPDATE waited for it).
        var since = now - options.Value.ClaimRetryWindow;
        if (await db.Set<KeyClaim>().AsNoTracking()
            .Where(c => c.CodeHash == codeHash && c.AppPublicKey == appPublicKey && c.ClaimedAt > since)
            .Select(c => c.ServerPublicKey).FirstOrDefaultAsync(cancellationToken) is { } sameAnswer)
        {
            return new Outcome(Result.Claimed, sameAnswer);
        }
        return await db.Set<KeyClaim>().AnyAsync(c => c.AppPublicKey == appPublicKey, cancellationToken)
            ? new Outcome(Result.KeyAlreadyRegistered)
            : new Outcome(Result.InvalidCode);
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
