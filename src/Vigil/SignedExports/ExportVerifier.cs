using System.IO.Compression;
using System.Security.Cryptography;
using Vigil.Exposure.Protocol;
using Vigil.Outbreaks.Protocol;

namespace Vigil.SignedExports;

/// <summary>
/// Checks a downloaded export zip as an app does: <c>export.bin</c> signed (ECDSA P-256, SHA-256, DER) with the
/// export key, the signature read from <c>export.sig</c> — a <c>TEKSignatureList</c> for key exports (whose
/// <c>export.bin</c> starts with the <c>EK Export v1</c> header), an <c>OutbreakEventExportSignature</c> otherwise.
/// </summary>
public static class ExportVerifier
{
    public sealed record Result(bool Valid, string Kind, int Entries);

    public static Result Verify(Stream zipFile, string publicKeyPem)
    {
        using var zip = new ZipArchive(zipFile, ZipArchiveMode.Read);
        var bin = Read(zip, "export.bin");
        var sig = Read(zip, "export.sig");
        using var key = ECDsa.Create();
        key.ImportFromPem(publicKeyPem);
        if (bin.AsSpan().StartsWith(ExportZip.KeyExportHeader))
        {
            var signature = TEKSignatureList.Parser.ParseFrom(sig).Signatures.FirstOrDefault()?.Signature.ToByteArray()
                ?? throw new InvalidDataException("export.sig holds no signature");
            var export = TemporaryExposureKeyExport.Parser.ParseFrom(bin.AsSpan(ExportZip.KeyExportHeader.Length));
            return new Result(Check(key, bin, signature), "keys", export.Keys.Count);
        }
        var outbreakSignature = OutbreakEventExportSignature.Parser.ParseFrom(sig).Signature.ToByteArray();
        return new Result(Check(key, bin, outbreakSignature), "outbreak events", OutbreakEventExport.Parser.ParseFrom(bin).Locations.Count);
    }

    private static bool Check(ECDsa key, byte[] data, byte[] signature) =>
        key.VerifyData(data, signature, HashAlgorithmName.SHA256, DSASignatureFormat.Rfc3279DerSequence);

    private static byte[] Read(ZipArchive zip, string name)
    {
        var entry = zip.GetEntry(name) ?? throw new InvalidDataException($"the zip has no {name}");
        using var stream = entry.Open();
        using var buffer = new MemoryStream();
        stream.CopyTo(buffer);
        return buffer.ToArray();
    }
}
