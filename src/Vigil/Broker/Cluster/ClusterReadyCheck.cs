using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Vigil.Broker.Cluster;

/// <summary>
/// <c>/readyz</c> in a cluster: NATS is connected, the retained-message bucket is open and the persistent sessions are loaded. Without them the node
/// still serves its own MQTT clients.
/// </summary>
internal sealed class ClusterReadyCheck(NatsClusterBus bus) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
        Task.FromResult(!bus.IsConnected
            ? HealthCheckResult.Unhealthy("NATS is not connected: this node serves its own MQTT clients only")
            : !bus.RetainedShared
                ? HealthCheckResult.Unhealthy("the JetStream bucket for retained messages is not open yet")
                : !bus.IsReady
                    ? HealthCheckResult.Unhealthy("the persistent sessions in JetStream are not loaded yet")
                    : HealthCheckResult.Healthy());
}
