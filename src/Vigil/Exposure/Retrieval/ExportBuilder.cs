using System.Diagnostics;
using Google.Protobuf;
using Microsoft.Extensions.Options;
using Vigil.Exposure.Protocol;
using Vigil.Exposure.Upload;
using Vigil.Infrastructure;
using Vigil.SignedExports;

namespace Vigil.Exposure.Retrieval;

/// <summary>
/// Builds one export zip: <c>export.bin</c> (16-byte header + TemporaryExposureKeyExport) and
/// <c>export.sig</c> (TEKSignatureList with an ECDSA P-256 signature over export.bin).
/// Rows are read with a plain data reader and written straight to the protobuf stream.
/// </summary>
public sealed class ExportBuilder(DiagnosisKeyStore keys, ExportSigner signer, IOptions<ExposureOptions> options, ILogger<ExportBuilder> logger)
{
    public const string SignatureAlgorithm = "1.2.840.10045.4.3.2";
    public const int IntervalsPerDay = 144;

    public sealed record Timings(TimeSpan Query, TimeSpan Serialize, TimeSpan Sign, TimeSpan Compress);
    public sealed record ExportFile(byte[] Zip, int KeyCount, bool Truncated, Timings Timings);

    /// <summary>Keys of <paramref name="region"/> submitted in days [<paramref name="fromDay"/>, <paramref name="toDay"/>), still valid on <paramref name="today"/>.</summary>
    public async Task<ExportFile> BuildAsync(ExportRegion region, int fromDay, int toDay, int today, CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        var cap = options.Value.MaxKeysPerFile;
        // Still within 14 days of validity: starts after the first interval of today − 14 days.
        var rows = await keys.ReadWindowAsync(region.Mcc, fromDay, toDay, (today - UnixDay.KeyValidityDays) * (long)IntervalsPerDay, cap + 1, cancellationToken);
        var truncated = rows.Count > cap;
        if (truncated)
        {
            logger.LogWarning("Export {Region}/{From}-{To} has more than {Cap} keys; the file holds the first {Cap} by key data",
                region.Mcc, fromDay, toDay, cap, cap);
            rows.RemoveRange(cap, rows.Count - cap);
        }
        var query = clock.Elapsed;

        var signatureInfo = new SignatureInfo
        {
            VerificationKeyVersion = "v1",
            VerificationKeyId = region.Mcc,
            SignatureAlgorithm = SignatureAlgorithm,
        };
        var exportBin = Serialize(region, fromDay, toDay, signatureInfo, rows);
        var serialize = clock.Elapsed;

        var signatures = new TEKSignatureList
        {
            Signatures = { new TEKSignature { SignatureInfo = signatureInfo, BatchNum = 1, BatchSize = 1, Signature = ByteString.CopyFrom(signer.Sign(exportBin)) } },
        };
        var sign = clock.Elapsed;

        var zip = ExportZip.Create(exportBin, signatures.ToByteArray());
        var compress = clock.Elapsed;
        return new ExportFile(zip, rows.Count, truncated, new Timings(query, serialize - query, sign - serialize, compress - sign));
    }

    private static byte[] Serialize(ExportRegion region, int fromDay, int toDay, SignatureInfo signatureInfo, List<DiagnosisKeyStore.StoredKey> rows)
    {
        using var buffer = new MemoryStream(ExportZip.KeyExportHeader.Length + rows.Count * 32 + 256);
        buffer.Write(ExportZip.KeyExportHeader);
        using (var output = new CodedOutputStream(buffer, leaveOpen: true))
        {
            // Fields in number order, written by hand so the keys stream out without building one huge message.
            output.WriteTag(TemporaryExposureKeyExport.StartTimestampFieldNumber, WireFormat.WireType.Fixed64);
            output.WriteFixed64((ulong)new UnixDay(fromDay).StartSeconds);
            output.WriteTag(TemporaryExposureKeyExport.EndTimestampFieldNumber, WireFormat.WireType.Fixed64);
            output.WriteFixed64((ulong)new UnixDay(toDay).StartSeconds);
            output.WriteTag(TemporaryExposureKeyExport.RegionFieldNumber, WireFormat.WireType.LengthDelimited);
            output.WriteString(region.Code);
            output.WriteTag(TemporaryExposureKeyExport.BatchNumFieldNumber, WireFormat.WireType.Varint);
            output.WriteInt32(1);
            output.WriteTag(TemporaryExposureKeyExport.BatchSizeFieldNumber, WireFormat.WireType.Varint);
            output.WriteInt32(1);
            output.WriteTag(TemporaryExposureKeyExport.SignatureInfosFieldNumber, WireFormat.WireType.LengthDelimited);
            output.WriteMessage(signatureInfo);
            var key = new TemporaryExposureKey();
            foreach (var row in rows)
            {
                key.KeyData = UnsafeByteOperations.UnsafeWrap(row.KeyData);
                key.TransmissionRiskLevel = row.Risk;
                key.RollingStartIntervalNumber = row.Rsin;
                key.RollingPeriod = row.RollingPeriod;
                key.ReportType = (TemporaryExposureKey.Types.ReportType)(row.ReportType ?? (int)TemporaryExposureKey.Types.ReportType.ConfirmedTest);
                key.DaysSinceOnsetOfSymptoms = row.DaysSinceOnset ?? 0;
                output.WriteTag(TemporaryExposureKeyExport.KeysFieldNumber, WireFormat.WireType.LengthDelimited);
                output.WriteMessage(key);
            }
        }
        return buffer.ToArray();
    }
}
