using System.CommandLine;

namespace Vigil.Cli;

/// <summary>Wires command actions to the context of the invocation in progress.</summary>
internal static class Handlers
{
    public static readonly AsyncLocal<CliContext?> Context = new();

    /// <summary>
    /// Runs an action; an <see cref="ArgumentException"/> (a value the command cannot take) is a one-line usage
    /// error (exit 2), an <see cref="InvalidOperationException"/>, I/O or database error a one-line failure (exit 1).
    /// </summary>
    public static void Set(Command command, Func<CliContext, CancellationToken, Task<int>> action) =>
        command.SetAction(async (_, cancellationToken) =>
        {
            var context = Context.Value ?? throw new InvalidOperationException("command invoked outside VigilCli.RunAsync");
            try
            {
                return await action(context, cancellationToken);
            }
            catch (Exception e) when (e is ArgumentException or FormatException)
            {
                await context.Error.WriteLineAsync($"{string.Join(' ', VigilCli.CommandPath(context.Parse.CommandResult))}: {e.Message}");
                return VigilCli.UsageError;
            }
            catch (Exception e) when (e is InvalidOperationException or IOException)
            {
                // IOException: a port in use, a file that cannot be read or written; without this the process aborts.
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
