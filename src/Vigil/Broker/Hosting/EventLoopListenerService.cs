using System.Net;
using Microsoft.Extensions.Options;
using Vigil.Mqtt.Broker;
using Vigil.Mqtt.Transport;

namespace Vigil.Broker.Hosting;

/// <summary>
/// Serves the plain MQTT port on Vigil's own event loops (<see cref="BrokerOptions.TcpTransport"/>).
/// Registered before <see cref="BrokerHostedService"/>, so it stops after the broker has told every
/// connection that the server is shutting down.
/// </summary>
internal sealed class EventLoopListenerService(
    MqttBroker broker, IOptions<BrokerOptions> options, IHostEnvironment environment, ILogger<MqttTcpListener> logger) : IHostedService
{
    private MqttTcpListener? _listener;

    /// <summary>The bound address, once started (null when the port is not served here).</summary>
    public IPEndPoint? LocalEndPoint => _listener?.LocalEndPoint;

    public Task StartAsync(CancellationToken cancellationToken)
    {
        var settings = options.Value;
        if (!BrokerEndpoints.ServesTcpOnEventLoop(settings))
        {
            return Task.CompletedTask;
        }
        BrokerEndpoints.EnsurePlainTcpAllowed(settings, environment);
        if (settings.EventLoops < 1)
        {
            throw new InvalidOperationException($"Vigil:Broker:EventLoops must be at least 1 (it is {settings.EventLoops}).");
        }
        var endPoint = new IPEndPoint(BrokerEndpoints.BindAddress(settings), settings.TcpPort);
        try
        {
            _listener = new MqttTcpListener(broker, endPoint, settings.EventLoops, logger);
        }
        catch (System.Net.Sockets.SocketException e)
        {
            throw new IOException($"Vigil:Broker:TcpPort: cannot listen on {endPoint}: {e.Message}", e);
        }
        _listener.Start();
        logger.LogInformation("MQTT listening on mqtt://{EndPoint} ({Loops} event loop(s))", _listener.LocalEndPoint, settings.EventLoops);
        return Task.CompletedTask;
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        if (_listener is not null)
        {
            await _listener.DisposeAsync();
        }
    }
}
