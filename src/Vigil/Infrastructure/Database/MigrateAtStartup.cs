namespace Vigil.Infrastructure.Database;

internal sealed class MigrateAtStartup(
    DatabaseMigrator migrator,
    Microsoft.Extensions.Options.IOptions<VigilOptions> options) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        if (options.Value.Database.MigrateAtStartup)
        {
            await migrator.MigrateAsync(cancellationToken);
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
