using System.Text.Json;
using System.Text.RegularExpressions;

namespace Vigil.Infrastructure.Http;

/// <summary>
/// Says what is wrong with a JSON document in the client's terms — the field and what it needs — never in
/// .NET's (System.Text.Json's messages name the CLR types, such as <c>Vigil.Contacts.…+AcceptBody</c>).
/// </summary>
public static partial class JsonProblems
{
    public static string Describe(JsonException e)
    {
        var field = e.Path is { Length: > 2 } path && path.StartsWith("$.", StringComparison.Ordinal) ? path[2..] : null;
        var message = e.Message;
        if (MissingRequired().Match(message) is { Success: true } missing)
        {
            return $"{string.Join(", ", missing.Groups[1].Value.Split(',').Select(p => p.Trim(' ', '\'')))} is required";
        }
        if (Unmapped().Match(message) is { Success: true } unknown)
        {
            return $"{unknown.Groups[1].Value} is not a known field";
        }
        if (message.Contains("could not be converted", StringComparison.Ordinal))
        {
            return field is null ? "the payload must be a JSON object" : $"{field} has the wrong type or format";
        }
        if (message.Contains("null", StringComparison.OrdinalIgnoreCase) && field is not null)
        {
            return $"{field} may not be null";
        }
        return field is null ? "the payload is not valid JSON" : $"{field} is not valid";
    }

    [GeneratedRegex("missing required properties including: (.+?)\\.?$", RegexOptions.Multiline)]
    private static partial Regex MissingRequired();

    [GeneratedRegex("The JSON property '([^']+)' could not be mapped")]
    private static partial Regex Unmapped();
}
