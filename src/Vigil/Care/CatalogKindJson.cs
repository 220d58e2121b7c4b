namespace Vigil.Care;

public sealed class CatalogKindJson() : System.Text.Json.Serialization.JsonStringEnumConverter<CatalogKind>(System.Text.Json.JsonNamingPolicy.CamelCase);
