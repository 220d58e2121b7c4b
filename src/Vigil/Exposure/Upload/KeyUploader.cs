using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using Vigil.Exposure.Claims;
using Vigil.Exposure.Metrics;
using Vigil.Exposure.Protocol;
using Vigil.Exposure.Retrieval;
using Vigil.Exposure.Sodium;
using Vigil.Infrastructure;
using Vigil.Infrastructure.Database;
using Vigil.Infrastructure.Http;
using Vigil.Infrastructure.Observability;
using static Vigil.Exposure.Protocol.EncryptedUploadResponse.Types;

namespace Vigil.Exposure.Upload;

/// <summary>Decrypts, checks and stores an upload within its keypair's budget, all or nothing.</summary>
public sealed class KeyUploader(VigilDb db, DiagnosisKeyStore keyStore, KeyExports exports, KeypairProtector protector, TimeProvider clock)
{
    public static readonly TimeSpan UploadWindow = TimeSpan.FromDays(15);

    public async Task<UploadOutcome> UploadAsync(EncryptedUploadRequest request, CancellationToken cancellationToken)
    {
        if (request.ServerPublicKey.Length != NaclBox.PublicKeyBytes)
        {
            return UploadOutcome.Of(ErrorCode.InvalidCryptoParameters);
        }
        var now = clock.GetUtcNow();
        var serverKey = request.ServerPublicKey.ToByteArray();
        var oldestWindow = now - UploadWindow;
        var keypair = await db.Set<KeyClaim>().AsNoTracking()
            .SingleOrDefaultAsync(c => c.ServerPublicKey == serverKey && c.ClaimedAt != null && c.WindowStart > oldestWindow, cancellationToken);
        if (keypair is null)
        {
            return new UploadOutcome(ErrorCode.InvalidKeypair, StatusCodes.Status401Unauthorized);
        }
        if (request.Nonce.Length != NaclBox.NonceBytes || request.AppPublicKey.Length != NaclBox.PublicKeyBytes)
        {
            return UploadOutcome.Of(ErrorCode.InvalidCryptoParameters);
        }
        if (!NaclBox.TryOpen(request.Payload.Span, request.Nonce.Span, request.AppPublicKey.Span, protector.Unprotect(keypair.ServerSecretKey, keypair.ServerPublicKey), out var plaintext))
        {
            return UploadOutcome.Of(ErrorCode.DecryptionFailed);
        }
        if (ProtobufParsing.TryParse(Protocol.Upload.Parser, plaintext) is not { } upload)
        {
            return UploadOutcome.Of(ErrorCode.InvalidPayload);
        }
        var invalid = UploadValidation.Check(upload, now);
        return invalid != ErrorCode.None ? UploadOutcome.Of(invalid) : await StoreAsync(keypair, upload, now, cancellationToken);
    }

    private async Task<UploadOutcome> StoreAsync(KeyClaim keypair, Protocol.Upload upload, DateTimeOffset now, CancellationToken cancellationToken)
    {
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        // A no-op write takes the row lock (PostgreSQL) or the write lock (SQLite) and reads the budget in the
        // same statement, so parallel uploads on one keypair queue here and can never overspend it.
        var (remaining, firstUpload) = await LockBudgetAsync(transaction, keypair.Id, cancellationToken);
        if (remaining <= 0)
        {
            return new UploadOutcome(ErrorCode.InvalidKeypair, StatusCodes.Status400BadRequest);
        }
        var keys = upload.Keys.DistinctBy(k => Convert.ToBase64String(k.KeyData.Span)).ToList();
        var inserted = await keyStore.InsertNewAsync(keys, UnixDay.HourOf(now), keypair.Region, keypair.ApiKeyId, cancellationToken);
        if (inserted > remaining)
        {
            await transaction.RollbackAsync(cancellationToken);
            return UploadOutcome.Of(ErrorCode.TooManyKeys);
        }
        if (inserted > 0)
        {
            await db.Database.ExecuteSqlInterpolatedAsync($"""
                UPDATE "KeyClaims" SET "RemainingKeys" = "RemainingKeys" - {inserted}, "FirstUploadAt" = COALESCE("FirstUploadAt", {now.ToUnixTimeMilliseconds()})
                WHERE "Id" = {keypair.Id}
                """, cancellationToken);
            db.RecordMetrics(keypair.ApiKeyId, keypair.Region, ExposureMetrics.DayOf(now),
                c => { c.KeysUploaded = inserted; c.FirstUploads = firstUpload ? 1 : 0; });
            await db.SaveChangesAsync(cancellationToken);
        }
        await transaction.CommitAsync(cancellationToken);
        if (inserted > 0)
        {
            exports.MarkTodayStale(keypair.Region);
            VigilMetrics.KeysAccepted.Add(inserted);
        }
        return UploadOutcome.Of(ErrorCode.None);
    }

    private async Task<(int Remaining, bool FirstUpload)> LockBudgetAsync(IDbContextTransaction transaction, Guid keypairId, CancellationToken cancellationToken)
    {
        await using var command = db.CreateCommand(transaction, """
            UPDATE "KeyClaims" SET "RemainingKeys" = "RemainingKeys" WHERE "Id" = @id
            RETURNING "RemainingKeys", "FirstUploadAt" IS NULL
            """);
        command.AddParameter("id", keypairId);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken) ? (reader.GetInt32(0), reader.GetBoolean(1)) : (0, false);
    }
}
