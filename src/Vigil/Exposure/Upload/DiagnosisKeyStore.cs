using System.Text;
using Microsoft.EntityFrameworkCore;
using Vigil.Exposure.Protocol;
using Vigil.Infrastructure;
using Vigil.Infrastructure.Database;

namespace Vigil.Exposure.Upload;

/// <summary>
/// The one owner of the <c>DiagnosisKeys</c> table's hot paths: insert an upload's new keys, read an export's
/// window in key order, delete what retention no longer keeps. Raw SQL where EF is too slow (benchmarked in
/// docs/benchmarks.md), EF where it is not; the entity and migration describe the same columns.
/// </summary>
public sealed class DiagnosisKeyStore(VigilDb db)
{
    /// <summary>One stored key, as an export needs it.</summary>
    public readonly record struct StoredKey(byte[] KeyData, int Rsin, int RollingPeriod, int Risk, int? ReportType, int? DaysSinceOnset);

    /// <summary>One multi-row insert in the caller's transaction; keys already known anywhere are skipped. Returns how many were new.</summary>
    public Task<int> InsertNewAsync(IReadOnlyList<TemporaryExposureKey> keys, long hourOfSubmission, string region, Guid apiKeyId, CancellationToken ct)
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
                hourOfSubmission, region, apiKeyId,
            ]);
        }
        sql.Append(""" ON CONFLICT ("KeyData") DO NOTHING""");
        return db.Database.ExecuteSqlRawAsync(sql.ToString(), parameters!, ct);
    }

    /// <summary>
    /// Keys of <paramref name="region"/> submitted in days [<paramref name="fromDay"/>, <paramref name="toDay"/>) whose
    /// rolling start is after <paramref name="minRsin"/>, ordered by key data (never insertion: privacy), at most <paramref name="limit"/>.
    /// </summary>
    public async Task<List<StoredKey>> ReadWindowAsync(string region, int fromDay, int toDay, long minRsin, int limit, CancellationToken ct)
    {
        var connection = db.Database.GetDbConnection();
        if (connection.State != System.Data.ConnectionState.Open)
        {
            await connection.OpenAsync(ct);
        }
        await using var command = connection.CreateCommand();
        command.CommandText = """
            SELECT "KeyData", "RollingStartIntervalNumber", "RollingPeriod", "TransmissionRiskLevel", "ReportType", "DaysSinceOnsetOfSymptoms"
            FROM "DiagnosisKeys"
            WHERE "Region" = @region AND "HourOfSubmission" >= @fromHour AND "HourOfSubmission" < @toHour
              AND "RollingStartIntervalNumber" > @minRsin
            ORDER BY "KeyData"
            """;
        // No LIMIT: with one, SQLite walks the whole primary-key index instead of sorting the day's rows
        // (2.5× slower at 1.4M keys). Reading stops at the limit instead.
        command.AddParameter("region", region).AddParameter("fromHour", fromDay * 24L).AddParameter("toHour", toDay * 24L)
            .AddParameter("minRsin", minRsin);
        var rows = new List<StoredKey>();
        await using var reader = await command.ExecuteReaderAsync(ct);
        // Synchronous reads: per-row async costs more than the rows themselves here (1.4M rows in a big day).
        while (rows.Count < limit && reader.Read())
        {
            rows.Add(new StoredKey(
                reader.GetFieldValue<byte[]>(0), reader.GetInt32(1), reader.GetInt32(2), reader.GetInt32(3),
                reader.IsDBNull(4) ? null : reader.GetInt32(4), reader.IsDBNull(5) ? null : reader.GetInt32(5)));
        }
        return rows;
    }

    /// <summary>Deletes the keys submitted before the first day retention keeps; returns how many.</summary>
    public Task<int> DeleteSubmittedBeforeAsync(UnixDay firstKeptDay, CancellationToken ct)
    {
        var firstKeptHour = (long)firstKeptDay.Number * 24;
        return db.Set<DiagnosisKey>().Where(k => k.HourOfSubmission < firstKeptHour).ExecuteDeleteAsync(ct);
    }
}
