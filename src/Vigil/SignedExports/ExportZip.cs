using System.IO.Compression;

namespace Vigil.SignedExports;

/// <summary>The zip every signed daily download is: exactly <c>export.bin</c>, then <c>export.sig</c>.</summary>
public static class ExportZip
{
    /// <summary>The 16 bytes a key export's <c>export.bin</c> starts with (Exposure Notification's header).</summary>
    public static readonly byte[] KeyExportHeader = "EK Export v1    "u8.ToArray();

    public static byte[] Create(byte[] exportBin, byte[] exportSig)
    {
        using var buffer = new MemoryStream(exportBin.Length + exportSig.Length + 1024);
        using (var zip = new ZipArchive(buffer, ZipArchiveMode.Create, leaveOpen: true))
        {
            foreach (var (name, content) in new[] { ("export.bin", exportBin), ("export.sig", exportSig) })
            {
                using var entry = zip.CreateEntry(name, CompressionLevel.Fastest).Open();
                entry.Write(content);
            }
        }
        return buffer.ToArray();
    }
}
