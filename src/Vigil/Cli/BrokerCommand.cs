using System.CommandLine;
using Microsoft.Extensions.Options;
using Vigil.Broker.Hosting;
using Vigil.Broker.Node;
using Vigil.Infrastructure;

namespace Vigil.Cli;

internal static class BrokerCommand
{
    public static Command Create()
    {
        var command = new Command("broker",
            "Run only the MQTT broker: no HTTP, no portal (a broker node beside vigil serve nodes, on the same database and NATS cluster). Configuration overrides may follow.");
        Handlers.Set(command, async (context, cancellationToken) =>
        {
            using var host = BrokerNode.Build([.. context.ConfigArgs]);
            await host.StartAsync(cancellationToken);
            var mqtt = host.Services.GetRequiredService<EventLoopListenerService>().LocalEndPoint;
            var vigil = host.Services.GetRequiredService<IOptions<VigilOptions>>().Value;
            var environment = host.Services.GetRequiredService<IHostEnvironment>().EnvironmentName;
            await context.Output.WriteLineAsync(
                $"Vigil broker listening on mqtt://{mqtt} ({environment}; database: {vigil.Database.Provider}; data: {host.Services.GetRequiredService<DataDirectory>().Path})");
            await host.WaitForShutdownAsync(cancellationToken);
            return 0;
        });
        return command;
    }
}
