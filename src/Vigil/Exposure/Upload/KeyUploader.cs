using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Vigil.Exposure.Claims;
using Vigil.Exposure.Metrics;
using Vigil.Exposure.Protocol;
using Vigil.Exposure.Retrieval;
using Vigil.Exposure.Sodium;
using Vigil.Infrastructure.Database;
using static Vigil.Exposure.Protocol.EncryptedUploadResponse.Types;

namespace Vigil.Exposure.Upload;

/// <summary>Decrypts, checks and stores an upload within its keypair's budget, all or nothing.</summary>
public sealed class KeyUploader(VigilDb db, ExportCache exports, TimeProvider clock)
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
        if (!NaclBox.TryOpen(request.Payload.Span, request.Nonce.Span, request.AppPublicKey.Span, keypair.ServerSecretKey, out var plaintext))
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
        // A no-op write takes the row lock (PostgreSQL) or the write lock (SQLite) before the budget is read,
        // so parallel uploads on one keypair queue here and can never overspend it.
        await db.Set<KeyClaim>().Where(c => c.Id == keypair.Id)
            .ExecuteUpdateAsync(s => s.SetProperty(c => c.RemainingKeys, c => c.RemainingKeys), cancellationToken);
        var current = await db.Set<KeyClaim>().AsNoTracking().Where(c => c.Id == keypair.Id)
            .Select(c => new { c.RemainingKeys, c.FirstUploadAt }).SingleAsync(cancellationToken);
        if (current.RemainingKeys <= 0)
        {
            return new UploadOutcome(ErrorCode.InvalidKeypair, StatusCodes.Status400BadRequest);
        }
        var keys = upload.Keys.DistinctBy(k => Convert.ToBase64String(k.KeyData.Span)).ToList();
        var inserted = await InsertAsync(keys, keypair, now.ToUnixTimeSeconds() / 3600, cancellationToken);
        if (inserted > current.RemainingKeys)
        {
            await transaction.RollbackAsync(cancellationToken);
            return UploadOutcome.Of(ErrorCode.TooManyKeys);
        }
        if (inserted > 0)
        {
            DateTimeOffset? firstUpload = current.FirstUploadAt ?? now;
            await db.Set<KeyClaim>().Where(c => c.Id == keypair.Id).ExecuteUpdateAsync(s => s
                .SetProperty(c => c.RemainingKeys, c => c.RemainingKeys - inserted)
                .SetProperty(c => c.FirstUploadAt, firstUpload), cancellationToken);
            var delta = new ExposureMetrics.Delta(KeysUploaded: inserted, FirstUploads: current.FirstUploadAt is null ? 1 : 0);
            await db.RecordMetricsAsync(keypair.ApiKeyId, keypair.Region, ExposureMetrics.DayOf(now), delta, cancellationToken);
        }
        await transaction.CommitAsync(cancellationToken);
        if (inserted > 0)
        {
            exports.MarkTodayStale(keypair.Region);
        }
        return UploadOutcome.Of(ErrorCode.None);
    }

    /// <summary>One multi-row insert; keys already known anywhere are skipped. Returns how many were new.</summary>
    private Task<int> InsertAsync(List<TemporaryExposureKey> keys, KeyClaim keypair, long hour, CancellationToken cancellationToken)
    {
        var sql = new StringBuilder("""
            INSERT INTO "DiagnosisKeys" ("KeyData", "RollingStartIntervalNumber", "RollingPeriod", "TransmissionRiskLevel",
                "ReportType", "DaysSinceOnsetOfSymptoms", "HourOfSubmission", "Region", "ApiKeyId") VALUES
            """);
        var parameters = new List<object?>();
        foreach (var key in keys)
        {
            var first = parameters.Count;
            sql.Append(first == 0 ? "" : ",").Append('(')
                .AppendJoin(", ", Enumerable.Range(first, 9).Select(i => $"{{{i}}}")).Append(')');
            parameters.AddRange([
                key.KeyData.ToByteArray(), key.RollingStartIntervalNumber, key.RollingPeriod, key.TransmissionRiskLevel,
                key.HasReportType ? (int)key.ReportType : null,
                key.HasDaysSinceOnsetOfSymptoms ? key.DaysSinceOnsetOfSymptoms : null,
                hour, keypair.Region, keypair.ApiKeyId,
            ]);
        }
        sql.Append(""" ON CONFLICT ("KeyData") DO NOTHING""");
        return db.Database.ExecuteSqlRawAsync(sql.ToString(), parameters!, cancellationToken);
    }
}

/// <summary>The upload's error code and the HTTP status it travels with (INVALID_KEYPAIR is 401 or 400 by cause).</summary>
public readonly record struct UploadOutcome(ErrorCode Error, int Status)
{
    public static UploadOutcome Of(ErrorCode error) => new(error, error switch
    {
        ErrorCode.None => StatusCodes.Status200OK,
        ErrorCode.ServerError => StatusCodes.Status500InternalServerError,
        _ => StatusCodes.Status400BadRequest,
    });
}
