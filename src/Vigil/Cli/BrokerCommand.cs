using System.CommandLine;
using Microsoft.Extensions.Diagnostics.HealthChecks;
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
            "Run only the MQTT broker: no HTTP APIs, no portal (a broker node beside vigil serve nodes, on the same database and NATS cluster; /metrics and the health checks on Vigil:Metrics:Port when set). Configuration overrides may follow.");
        Handlers.Set(command, async (context, cancellationToken) =>
        {
            using var host = BrokerNode.Build([.. context.ConfigArgs]);
            await host.StartAsync(cancellationToken);
            var notReady = await WaitUntilReadyAsync(host.Services, cancellationToken);
            var mqtt = host.Services.GetRequiredService<EventLoopListenerService>().LocalEndPoint;
            var vigil = host.Services.GetRequiredService<IOptions<VigilOptions>>().Value;
            var environment = host.Services.GetRequiredService<IHostEnvironment>().EnvironmentName;
            await context.Output.WriteLineAsync(
                $"Vigil broker listening on mqtt://{mqtt} ({environment}; database: {vigil.Database.Provider}; data: {host.Services.GetRequiredService<DataDirectory>().Path})"
                + (notReady is null ? "" : $"; not ready yet: {notReady}"));
            await host.WaitForShutdownAsync(cancellationToken);
            return 0;
        });
        return command;
    }

    /// <summary>
    /// In a cluster, until the node has joined NATS and loaded the stored sessions (what <c>/readyz</c> says on a serve
    /// node), at most <see cref="ReadyWithin"/>: the listening line is the node's readiness signal. Null: ready.
    /// </summary>
    private static async Task<string?> WaitUntilReadyAsync(IServiceProvider services, CancellationToken cancellationToken)
    {
        if (services.GetService<HealthCheckService>() is not { } health)
        {
            return null;
        }
        var deadline = DateTime.UtcNow + ReadyWithin;
        while (true)
        {
            var report = await health.CheckHealthAsync(check => check.Tags.Contains(InfrastructureExtensions.ReadyTag), cancellationToken);
            if (report.Status == HealthStatus.Healthy)
            {
                return null;
            }
            if (DateTime.UtcNow >= deadline)
            {
                return string.Join("; ", report.Entries.Values.Where(e => e.Status != HealthStatus.Healthy).Select(e => e.Description));
            }
            await Task.Delay(100, cancellationToken);
        }
    }

    private static readonly TimeSpan ReadyWithin = TimeSpan.FromSeconds(30);
}
