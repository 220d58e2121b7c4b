using System.CommandLine;

namespace Vigil.Cli;

/// <summary><c>vigil serve | migrate | admin create | apikey … | keys … | handler-key … | handler contacts</c>. No command means <c>serve</c>.</summary>
public static class VigilCli
{
    public const int UsageError = 2;
    public const int Failure = 1;

    private static readonly HashSet<string> RootFlags = ["--help", "-h", "-?", "--version"];

    public static async Task<int> RunAsync(string[] args, TextReader input, TextWriter output, TextWriter error, CancellationToken cancellationToken = default)
    {
        var root = new RootCommand("Vigil: the backend for public-health apps (key server, outbreaks, identity, regions, care, MQTT).");
        var commands = new[] { ServeCommand.Create(), MigrateCommand.Create(), AdminCommands.Create(), ApiKeyCommands.Create(), KeyCommands.Create(), HandlerCommands.Keys(), HandlerCommands.Run() };
        foreach (var command in commands)
        {
            root.Subcommands.Add(command);
        }
        if (args.Length == 0 || (args[0].StartsWith('-') && !RootFlags.Contains(args[0])))
        {
            args = ["serve", .. args];
        }
        var parse = root.Parse(args);
        var (configArgs, configError) = ConfigArgs.Split(parse.UnmatchedTokens);
        var firstError = parse.Errors.Count > 0 ? parse.Errors[0].Message : configError;
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

/// <summary>Wires command actions to the context of the invocation in progress.</summary>
internal static class Handlers
{
    public static readonly AsyncLocal<CliContext?> Context = new();

    /// <summary>Runs an action; an <see cref="ArgumentException"/> or <see cref="InvalidOperationException"/> is a one-line failure.</summary>
    public static void Set(Command command, Func<CliContext, CancellationToken, Task<int>> action) =>
        command.SetAction(async (_, cancellationToken) =>
        {
            var context = Context.Value ?? throw new InvalidOperationException("command invoked outside VigilCli.RunAsync");
            try
            {
                return await action(context, cancellationToken);
            }
            catch (Exception e) when (e is ArgumentException or InvalidOperationException or FormatException)
            {
                await context.Error.WriteLineAsync($"{string.Join(' ', VigilCli.CommandPath(context.Parse.CommandResult))}: {e.Message}");
                return VigilCli.Failure;
            }
            catch (System.Data.Common.DbException e)
            {
                await context.Error.WriteLineAsync($"{string.Join(' ', VigilCli.CommandPath(context.Parse.CommandResult))}: database error: {e.Message}");
                return VigilCli.Failure;
            }
        });
}
