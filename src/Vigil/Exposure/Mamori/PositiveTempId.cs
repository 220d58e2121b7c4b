namespace Vigil.Exposure.Mamori;

public sealed class PositiveTempId
{
    public long Id { get; set; }
    public Guid ReportId { get; set; }
    public required string TempId { get; set; }

    /// <summary>Unix seconds.</summary>
    public long ValidFrom { get; set; }
    public long ValidTo { get; set; }
}
