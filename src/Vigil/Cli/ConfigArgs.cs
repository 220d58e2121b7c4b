namespace Vigil.Cli;

/// <summary>
/// Takes the configuration overrides (<c>--Section:Key=value</c>, <c>--Section:Key value</c>, <c>--urls value</c>,
/// <c>--environment=Production</c>, any other <c>--key=value</c> that is no command's option) out of the command
/// line before the commands parse the rest strictly.
/// </summary>
public static class ConfigArgs
{
    private static readonly HashSet<string> HostKeys = new(StringComparer.OrdinalIgnoreCase)
    {
        "urls", "environment", "contentRoot", "applicationName",
    };

    public static (string[] CommandArgs, List<string> Config, string? Error) Extract(IReadOnlyList<string> args, IReadOnlySet<string> options)
    {
        var rest = new List<string>();
        var config = new List<string>();
        for (var i = 0; i < args.Count; i++)
        {
            var token = args[i];
            if (token == "--")
            {
                rest.AddRange(args.Skip(i));
                break;
            }
            var key = token.StartsWith("--", StringComparison.Ordinal) ? token[2..] : null;
            var name = key?.Split('=', 2)[0];
            if (name is null || !(name.Contains(':') || HostKeys.Contains(name) || (key!.Contains('=') && !options.Contains("--" + name))))
            {
                rest.Add(token);
                continue;
            }
            config.Add(token);
            if (!key!.Contains('='))
            {
                if (i + 1 >= args.Count)
                {
                    return (rest.ToArray(), config, $"'{token}' needs a value");
                }
                config.Add(args[++i]);
            }
        }
        return (rest.ToArray(), config, null);
    }
}
