using System.Text.Json;
using System.Text.Json.Serialization;

namespace Vigil.Infrastructure.Http;

/// <summary>
/// Every string read from a JSON body: the NUL character is refused where it enters, since PostgreSQL
/// cannot store it in text and no field of Vigil's has a use for it.
/// </summary>
public sealed class TextWithoutNul : JsonConverter<string>
{
    public override bool HandleNull => false;

    public override string? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        var text = reader.GetString();
        return text is not null && text.Contains('\0', StringComparison.Ordinal)
            ? throw new JsonException("text may not contain the NUL character (\\u0000)")
            : text;
    }

    public override void Write(Utf8JsonWriter writer, string value, JsonSerializerOptions options) => writer.WriteStringValue(value);
}
