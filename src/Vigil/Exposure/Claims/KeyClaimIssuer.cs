using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Vigil.Exposure.Metrics;
using Vigil.Exposure.Sodium;
using Vigil.Identity.ApiKeys;
using Vigil.Infrastructure.Database;
using Vigil.Infrastructure.Observability;

namespace Vigil.Exposure.Claims;

/// <summary>Issues one-time codes for a health authority, each with a fresh Curve25519 keypair.</summary>
public sealed class KeyClaimIssuer(VigilDb db, OneTimeCodes codes, KeypairProtector protector, IOptions<ExposureOptions> options, TimeProvider clock)
{
    private const int Attempts = 8;

    /// <summary>The new code, or null when <paramref name="hashId"/> already has a claimed code.</summary>
    public async Task<string?> IssueAsync(ApiKeyIdentity issuer, string? hashId, CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return await TryIssueAsync(issuer, hashId, cancellationToken);
            }
            catch (DbUpdateException) when (attempt < Attempts)
            {
                // A live code collided, or a concurrent request took the same hashID first: try again.
                db.ChangeTracker.Clear();
            }
        }
    }

    private async Task<string?> TryIssueAsync(ApiKeyIdentity issuer, string? hashId, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        // Without a hashID the code row and its metric event are one SaveChanges (one implicit transaction).
        await using var transaction = hashId is null ? null : await db.Database.BeginTransactionAsync(cancellationToken);
        if (hashId is not null)
        {
            await db.Set<KeyClaim>().Where(c => c.HashId == hashId && c.ClaimedAt == null).ExecuteDeleteAsync(cancellationToken);
            // A row that appeared after the delete's snapshot is unclaimed too: the insert below then
            // collides on the unique hashID and the next attempt deletes it.
            if (await db.Set<KeyClaim>().AnyAsync(c => c.HashId == hashId && c.ClaimedAt != null, cancellationToken))
            {
                return null;
            }
        }
        var code = OneTimeCodes.Generate();
        var (publicKey, secretKey) = NaclBox.CreateKeyPair();
        db.Add(new KeyClaim
        {
            Id = Guid.NewGuid(),
            CodeHash = codes.Hash(code),
            HashId = hashId,
            ApiKeyId = issuer.Id,
            Region = issuer.Region,
            CreatedAt = now,
            ExpiresAt = now + options.Value.CodeLifetime,
            ServerPublicKey = publicKey,
            ServerSecretKey = protector.Protect(secretKey, publicKey),
            RemainingKeys = options.Value.KeyBudget,
        });
        db.RecordMetrics(issuer.Id, issuer.Region, ExposureMetrics.DayOf(now), c => c.CodesGenerated = 1);
        await db.SaveChangesAsync(cancellationToken);
        if (transaction is not null)
        {
            await transaction.CommitAsync(cancellationToken);
        }
        VigilMetrics.CodesIssued.Add(1);
        return code;
    }

    /// <summary>Exactly 128 characters of [0-9a-z].</summary>
    public static bool IsValidHashId(string hashId) =>
        hashId.Length == 128 && hashId.All(c => c is >= '0' and <= '9' or >= 'a' and <= 'z');
}
