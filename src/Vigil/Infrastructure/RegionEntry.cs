namespace Vigil.Infrastructure;

public sealed class RegionEntry
{
    public int Id { get; set; }
    public string Name { get; set; } = "";
}
