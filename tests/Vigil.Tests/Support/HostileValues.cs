using System.Text.Json.Nodes;

namespace Vigil.Tests.Support;

/// <summary>What a hostile client sends: out-of-range numbers and dates, wrong types, huge, empty and broken values.</summary>
public static class HostileValues
{
    private static readonly string Huge = new('x', 100_000);

    /// <summary>Values for a path or query parameter, already percent-encoded where they need to be.</summary>
    public static IEnumerable<string> ForParameter(string type, string? format) => (type, format) switch
    {
        ("integer", _) => ["-1", "0", "2147483648", "-2147483649", "9223372036854775808", "1e309", "NaN", "0x10", "%EF%BC%91", "", "1.5"],
        (_, "uuid") => ["00000000-0000-0000-0000-000000000000", Guid.NewGuid().ToString(), "not-a-uuid", "", "%00"],
        (_, "date") => ["9999-12-31", "0001-01-01", "10000-01-01", "2026-02-30", "-1", "", "2026-11-23T25:00"],
        _ => ["", "%FF%FE%FD", "%00", "..%2F..%2Fetc%2Fpasswd", "'%20OR%201%3D1%20--", "%3Cscript%3E", Huge[..5_000], "9999-12-31", "-1"],
    };

    /// <summary>Replacements for one JSON field of the given schema type.</summary>
    public static IEnumerable<JsonNode?> ForField(string type, string? format)
    {
        IEnumerable<JsonNode?> common = [null, new JsonObject(), new JsonArray(), Huge];
        IEnumerable<JsonNode?> typed = (type, format) switch
        {
            ("integer", _) => [-1, 0, 2147483648L, long.MinValue, JsonNode.Parse("1e400"), 1.5, "1", true],
            ("number", _) => [1e17, -1e17, JsonNode.Parse("1e400"), 0.001, "NaN", decimal.MaxValue, -0.0],
            ("boolean", _) => ["true", 1],
            ("array", _) => ["x", new JsonArray(Enumerable.Range(0, 5_000).Select(_ => (JsonNode?)null).ToArray())],
            (_, "uuid") => ["00000000-0000-0000-0000-000000000000", "not-a-uuid", 1],
            (_, "date-time") => ["9999-12-31T23:59:59Z", "0001-01-01T00:00:00Z", "9999-12-31T23:59:59-14:00", "0001-01-01T00:00:00+14:00",
                "10000-01-01T00:00:00Z", "2026-02-30T00:00:00Z", 1e12, ""],
            (_, "date") => ["9999-12-31", "0001-01-01", "2026-13-01", ""],
            _ => ["", "\u0000", "\u202e\u0301", 123, "9999-12-31"],
        };
        return common.Concat(typed);
    }

    /// <summary>Whole request bodies that no endpoint accepts, with the content type each is sent as (null: none).</summary>
    public static IEnumerable<(string Name, byte[] Body, string? ContentType)> Bodies()
    {
        var random = new Random(20261201);
        var binary = new byte[4096];
        random.NextBytes(binary);
        yield return ("no body", [], null);
        yield return ("empty JSON", [], "application/json");
        yield return ("null", "null"u8.ToArray(), "application/json");
        yield return ("array", "[]"u8.ToArray(), "application/json");
        yield return ("string", "\"s\""u8.ToArray(), "application/json");
        yield return ("number", "123"u8.ToArray(), "application/json");
        yield return ("truncated", "{\"a\":"u8.ToArray(), "application/json");
        yield return ("invalid UTF-8", [0x7b, 0x22, 0xff, 0xfe, 0x22, 0x3a, 0x31, 0x7d], "application/json");
        yield return ("random bytes", binary, "application/json");
        yield return ("deep nesting", System.Text.Encoding.ASCII.GetBytes(new string('[', 5_000) + new string(']', 5_000)), "application/json");
        yield return ("duplicate keys", "{\"a\":1,\"a\":2}"u8.ToArray(), "application/json");
        yield return ("2 MB", System.Text.Encoding.ASCII.GetBytes("{\"a\":\"" + new string('x', 2 * 1024 * 1024) + "\"}"), "application/json");
        yield return ("form", "a=1&b=2"u8.ToArray(), "application/x-www-form-urlencoded");
        yield return ("xml", "<a>1</a>"u8.ToArray(), "application/xml");
        yield return ("text", "hello"u8.ToArray(), "text/plain");
        yield return ("multipart", "--x\r\n\r\n--x--"u8.ToArray(), "multipart/form-data; boundary=x");
    }
}
