namespace Vigil.Care;

/// <summary>A catalogue entry: a service, an intervention (belonging to a service), a tool or a motive.</summary>
public sealed class CatalogItem
{
    public int Id { get; set; }
    public CatalogKind Kind { get; set; }
    public required string Name { get; set; }

    /// <summary>For interventions: the service they belong to.</summary>
    public int? ParentId { get; set; }

    public bool Active { get; set; } = true;
}
