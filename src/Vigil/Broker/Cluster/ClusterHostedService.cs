using Vigil.Mqtt.Broker;
using Vigil.SignedExports;

namespace Vigil.Broker.Cluster;

/// <summary>
/// Joins the node to the cluster once its broker runs, and leaves before the broker stops. A node that serves the
/// signed exports (vigil serve) also tells the others when today's export goes stale and hears when theirs does;
/// an MQTT-only node (vigil broker) serves none and ignores that news.
/// </summary>
internal sealed class ClusterHostedService(NatsClusterBus bus, MqttBroker broker, ExportCache? exports = null) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        if (exports is not null)
        {
            exports.MarkedStale += bus.ExportStale;
        }
        bus.Start(broker, exports is null ? static (_, _) => { } : exports.MarkTodayStaleHere);
        return Task.CompletedTask;
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        if (exports is not null)
        {
            exports.MarkedStale -= bus.ExportStale;
        }
        await bus.DisposeAsync();
    }
}
