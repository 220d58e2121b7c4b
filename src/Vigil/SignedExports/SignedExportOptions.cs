namespace Vigil.SignedExports;

/// <summary>
/// What the signed daily exports (keys and outbreak events) need, read from <c>Vigil:Exposure</c> where
/// operators have always set it: the regions served, the signing key, and how fresh today's file stays.
/// </summary>
public sealed class SignedExportOptions
{
    public const string Section = "Vigil:Exposure";

    /// <summary>Regions served: the MCC used in URLs and API keys, and the ISO region written into exports.</summary>
    public List<ExportRegion> Regions { get; set; } = [new() { Mcc = "302", Code = "CA" }];

    /// <summary>After an upload, today's export is rebuilt at most this often.</summary>
    public TimeSpan PartialDayRebuildInterval { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Today's export is rebuilt after this age even without a local upload (uploads may land on other nodes).</summary>
    public TimeSpan PartialDayMaxAge { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>ECDSA P-256 private key signing exports (PEM text or file); generated into the data directory in development.</summary>
    public string? ExportSigningKeyPem { get; set; }
    public string? ExportSigningKeyPemFile { get; set; }

    public ExportRegion? FindRegion(string mcc) => Regions.FirstOrDefault(r => r.Mcc == mcc);
}
