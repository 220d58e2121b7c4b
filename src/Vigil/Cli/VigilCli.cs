using System.CommandLine;

namespace Vigil.Cli;

/// <summary><c>vigil serve | broker | migrate | admin create | apikey … | keys … | handler-key … | handler contacts</c>. No command means <c>serve</c>.</summary>
public static class VigilCli
{
    public const int UsageError = 2;
    public const int Failure = 1;

    private static readonly HashSet<string> RootFlags = ["--help", "-h", "-?", "--version"];

    public static async Task<int> RunAsync(string[] args, TextReader input, TextWriter output, TextWriter error, CancellationToken cancellationToken = default)
    {
        var root = new RootCommand("Vigil: the backend for public-health apps (key server, outbreaks, identity, regions, care, MQTT).");
        var commands = new[] { ServeCommand.Create(), BrokerCommand.Create(), MigrateCommand.Create(), AdminCommands.Create(), ApiKeyCommands.Create(), KeyCommands.Create(), HandlerCommands.Keys(), HandlerCommands.Run(), Demo.DemoCommands.Create(), BackupCommands.Backup(), BackupCommands.Restore() };
        foreach (var command in commands)
        {
            root.Subcommands.Add(command);
        }
        var (commandArgs, configArgs, configError) = ConfigArgs.Extract(args, OptionNames(root));
        if (commandArgs.Length == 0 || (commandArgs[0].StartsWith('-') && !RootFlags.Contains(commandArgs[0])))
        {
            commandArgs = ["serve", .. commandArgs];
        }
        var parse = root.Parse(commandArgs);
        var firstError = configError ?? (parse.Errors.Count > 0 ? parse.Errors[0].Message : null);
        if (firstError is not null && parse.Action is not System.CommandLine.Help.HelpAction)
        {
            var name = string.Join(' ', CommandPath(parse.CommandResult));
            await error.WriteLineAsync($"{name}: {firstError} (see '{name} --help')");
            return UsageError;
        }
        var context = new CliContext(parse, input, output, error, configArgs);
        Handlers.Context.Value = context;
        try
        {
            return await parse.InvokeAsync(new InvocationConfiguration { Output = output, Error = error, EnableDefaultExceptionHandler = false }, cancellationToken);
        }
        finally
        {
            Handlers.Context.Value = null;
        }
    }

    private static HashSet<string> OptionNames(Command command) =>
        [.. command.Options.SelectMany(o => o.Aliases.Append(o.Name)), .. command.Subcommands.SelectMany(OptionNames)];

    internal static IEnumerable<string> CommandPath(System.CommandLine.Parsing.CommandResult? result)
    {
        var names = new Stack<string>();
        for (var current = result; current is not null; current = current.Parent as System.CommandLine.Parsing.CommandResult)
        {
            names.Push(current.Command is RootCommand ? "vigil" : current.Command.Name);
        }
        return names;
    }
}
