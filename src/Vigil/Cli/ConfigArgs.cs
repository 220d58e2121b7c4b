namespace Vigil.Cli;

/// <summary>
/// Separates configuration overrides (<c>--key=value</c>, <c>--Section:Key value</c>, <c>--urls value</c>)
/// from tokens no command knows, which are errors.
/// </summary>
public static class ConfigArgs
{
    private static readonly HashSet<string> HostKeys = new(StringComparer.OrdinalIgnoreCase)
    {
        "urls", "environment", "contentRoot", "applicationName",
    };

    public static (List<string> Config, string? Error) Split(IReadOnlyList<string> tokens)
    {
        var config = new List<string>();
        for (var i = 0; i < tokens.Count; i++)
        {
            var token = tokens[i];
            var key = token.StartsWith("--", StringComparison.Ordinal) ? token[2..] : token.StartsWith('/') ? token[1..] : null;
            var name = key?.Split('=', 2)[0];
            if (name is null || name.Length == 0 || !(name.Contains(':') || HostKeys.Contains(name) || key!.Contains('=')))
            {
                return (config, $"unrecognized argument '{token}'");
            }
            config.Add(token);
            if (!key!.Contains('='))
            {
                if (i + 1 >= tokens.Count)
                {
                    return (config, $"'{token}' needs a value");
                }
                config.Add(tokens[++i]);
            }
        }
        return (config, null);
    }
}
