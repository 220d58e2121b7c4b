using System.CommandLine;
using Vigil.Infrastructure.Database;

namespace Vigil.Cli;

internal static class MigrateCommand
{
    public static Command Create()
    {
        var command = new Command("migrate", "Apply pending database migrations and exit");
        Handlers.Set(command, async (context, cancellationToken) =>
        {
            await using var services = await context.WithoutAutomaticMigration().ServicesAsync(cancellationToken);
            var applied = await services.Get<DatabaseMigrator>().MigrateAsync(cancellationToken);
            await context.Output.WriteLineAsync(applied.Count == 0
                ? "Database is up to date."
                : $"Applied {applied.Count} migration(s): {string.Join(", ", applied)}");
            return 0;
        });
        return command;
    }
}
