namespace Vigil.SignedExports;

/// <summary>A region exports are served for: its MCC (in URLs) and its ISO code (written into key exports).</summary>
public sealed class ExportRegion
{
    public string Mcc { get; set; } = "";
    public string Code { get; set; } = "";
}
