using Microsoft.AspNetCore.Connections;
using Vigil.Mqtt.Broker;

namespace Vigil.Broker.Hosting;

/// <summary>Hands each Kestrel connection on an MQTT endpoint (TCP or TLS) to the broker.</summary>
internal sealed class MqttConnectionHandler(MqttBroker broker) : ConnectionHandler
{
    public override Task OnConnectedAsync(ConnectionContext connection) =>
        broker.HandleConnectionAsync(connection.Transport, connection.RemoteEndPoint, connection.ConnectionClosed);
}
