using Microsoft.Extensions.Options;
using Vigil.Broker.Security;
using Vigil.Contacts;
using Vigil.Mqtt.Broker;
using Vigil.Mqtt.Client;

namespace Vigil.Broker.Hosting;

/// <summary>Runs the contacts handler inside the server, connected to its broker through memory.</summary>
internal sealed class InProcessContactsHandler(
    ContactsHandler handler, MqttBroker broker, InProcessHandlerSecret secret, IOptions<BrokerOptions> options) : BackgroundService
{
    protected override Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!options.Value.Enabled || !options.Value.InProcessContactsHandler)
        {
            return Task.CompletedTask;
        }
        var client = new MqttClientOptions
        {
            Transport = broker.ConnectInMemory,
            // Client ids are cluster-wide: two nodes (or two servers in one process) must never share one.
            ClientId = "vigil-contacts-" + Environment.MachineName + "-" + Guid.NewGuid().ToString("N")[..12],
            Username = InProcessHandlerSecret.Username,
            Password = secret.Password,
            KeepAlive = 0,
        };
        return Task.Run(() => handler.RunAsync(client, stoppingToken), stoppingToken);
    }
}
