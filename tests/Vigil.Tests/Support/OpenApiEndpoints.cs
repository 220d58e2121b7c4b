using System.Text.Json;
using System.Text.Json.Nodes;

namespace Vigil.Tests.Support;

/// <summary>The operations of Vigil's OpenAPI document, with what a client can send to each.</summary>
public static class OpenApiEndpoints
{
    public sealed record Parameter(string Name, string In, string Type, string? Format);

    public sealed record Operation(string Method, string Path, IReadOnlyList<Parameter> Parameters, JsonObject? BodySchema)
    {
        public override string ToString() => $"{Method} {Path}";
    }

    public static IReadOnlyList<Operation> Read(JsonDocument document)
    {
        var root = JsonNode.Parse(document.RootElement.GetRawText())!.AsObject();
        var schemas = root["components"]?["schemas"]?.AsObject();
        var operations = new List<Operation>();
        foreach (var (path, item) in root["paths"]!.AsObject())
        {
            foreach (var (method, operation) in item!.AsObject())
            {
                var parameters = operation!["parameters"]?.AsArray().Select(p => new Parameter(
                    p!["name"]!.GetValue<string>(), p["in"]!.GetValue<string>(),
                    TypeOf(p["schema"]), p["schema"]?["format"]?.GetValue<string>())).ToList() ?? [];
                var body = operation["requestBody"]?["content"]?["application/json"]?["schema"];
                operations.Add(new Operation(method.ToUpperInvariant(), path, parameters, body is null ? null : Resolve(body, schemas)));
            }
        }
        return operations;
    }

    /// <summary>A body every field of which has a well-formed value of its type (depth-limited).</summary>
    public static JsonNode? Plausible(JsonObject? schema, JsonObject? schemas = null, int depth = 0)
    {
        if (schema is null || depth > 3)
        {
            return null;
        }
        return TypeOf(schema) switch
        {
            "object" => new JsonObject((schema["properties"]?.AsObject() ?? []).Select(p =>
                KeyValuePair.Create(p.Key, Plausible(p.Value as JsonObject, schemas, depth + 1)))),
            "array" => new JsonArray(Plausible(schema["items"] as JsonObject, schemas, depth + 1)),
            "integer" => 1,
            "number" => 1.5,
            "boolean" => false,
            _ => schema["format"]?.GetValue<string>() switch
            {
                "uuid" => Guid.NewGuid().ToString(),
                "date-time" => "2026-11-23T10:00:00Z",
                "date" => "2026-11-23",
                _ => "hostile",
            },
        };
    }

    /// <summary>The schema's type, taking the first non-null one of a nullable union.</summary>
    public static string TypeOf(JsonNode? schema) => schema?["type"] switch
    {
        JsonValue value => value.GetValue<string>(),
        JsonArray types => types.Select(t => t!.GetValue<string>()).FirstOrDefault(t => t != "null") ?? "null",
        _ => schema?["properties"] is not null ? "object" : "string",
    };

    /// <summary>The schema with every <c>$ref</c> replaced by what it names (cycles cut at a depth).</summary>
    private static JsonObject Resolve(JsonNode schema, JsonObject? schemas, int depth = 0)
    {
        if (schema["$ref"]?.GetValue<string>() is { } reference && schemas is not null && depth < 5)
        {
            return Resolve(schemas[reference.Split('/')[^1]]!, schemas, depth + 1);
        }
        var copy = schema.DeepClone().AsObject();
        if (copy["properties"] is JsonObject properties)
        {
            foreach (var name in properties.Select(p => p.Key).ToList())
            {
                properties[name] = Resolve(properties[name]!, schemas, depth + 1);
            }
        }
        if (copy["items"] is JsonNode items)
        {
            copy["items"] = Resolve(items, schemas, depth + 1);
        }
        return copy;
    }
}
