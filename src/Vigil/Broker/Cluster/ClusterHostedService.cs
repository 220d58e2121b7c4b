using Vigil.Mqtt.Broker;
using Vigil.SignedExports;

namespace Vigil.Broker.Cluster;

/// <summary>Joins the node to the cluster once its broker runs, and leaves before the broker stops.</summary>
internal sealed class ClusterHostedService(NatsClusterBus bus, MqttBroker broker, ExportCache exports) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        exports.MarkedStale += bus.ExportStale;
        bus.Start(broker, exports.MarkTodayStaleHere);
        return Task.CompletedTask;
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        exports.MarkedStale -= bus.ExportStale;
        await bus.DisposeAsync();
    }
}
