namespace Vigil.Care;

/// <summary>What a catalogue entry is; written as its name in JSON ("service"), read as a name or its number.</summary>
[System.Text.Json.Serialization.JsonConverter(typeof(CatalogKindJson))]
public enum CatalogKind
{
    Service = 0,
    Intervention = 1,
    Tool = 2,
    Motive = 3,
}
