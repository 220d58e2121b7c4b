using Microsoft.Extensions.Options;
using Vigil.Mqtt.Broker;

namespace Vigil.Broker.Hosting;

/// <summary>Starts the broker's timers with the host and closes every MQTT connection when it stops.</summary>
internal sealed class BrokerHostedService(MqttBroker broker, IOptions<BrokerOptions> options, ILogger<BrokerHostedService> logger) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        logger.LogInformation("MQTT broker: at most {Connections} connections (open-file limit {Files})",
            broker.Options.MaximumConnections, FileDescriptorLimit.Read()?.ToString() ?? "unknown");
        if (options.Value.InlineSocketIo && Environment.GetEnvironmentVariable(InlineSocketIo.CompletionsVariable) != "1")
        {
            logger.LogWarning("Vigil:Broker:InlineSocketIo is on but {Variable} is not 1 (vigil serve sets it): socket completions still go through the thread pool",
                InlineSocketIo.CompletionsVariable);
        }
        broker.Start();
        return Task.CompletedTask;
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        Infrastructure.Observability.BrokerMeters.Forget(broker);
        await broker.DisposeAsync();
    }
}
