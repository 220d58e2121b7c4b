using System.IO.Pipelines;
using System.Net;
using System.Net.Sockets;
using Vigil.Mqtt.Broker;
using Vigil.Mqtt.Client;
using Vigil.Mqtt.Protocol;

namespace Vigil.Mqtt.Tests.Support;

/// <summary>The broker on a real loopback TCP port, with the conformance-suite rules (all allowed but <c>test/nosubscribe</c>).</summary>
public sealed class TestBroker : IAsyncDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _accepting;
    private readonly List<Task> _connections = [];

    private TestBroker(MqttBrokerOptions options, IMqttAuthenticator authenticator, IMqttAuthorizer authorizer, IMqttPublishInterceptor? interceptor)
    {
        Broker = new MqttBroker(options, authenticator, authorizer) { PublishInterceptor = interceptor };
        Broker.Start();
        _listener.Start();
        Port = ((IPEndPoint)_listener.LocalEndpoint).Port;
        _accepting = Task.Run(AcceptAsync);
    }

    public MqttBroker Broker { get; }
    public int Port { get; }

    public static TestBroker Start(
        Action<MqttBrokerOptions>? configure = null, IMqttAuthenticator? authenticator = null, IMqttAuthorizer? authorizer = null, IMqttPublishInterceptor? interceptor = null)
    {
        var options = new MqttBrokerOptions { HousekeepingInterval = TimeSpan.FromMilliseconds(100), StatisticsInterval = TimeSpan.FromMilliseconds(200), PublishRatePerClient = 0 };
        configure?.Invoke(options);
        return new TestBroker(options, authenticator ?? new AllowAllSecurity(), authorizer ?? new ConformanceRules(), interceptor);
    }

    public MqttClientOptions Options(string clientId, MqttVersion version = MqttVersion.V500) =>
        new() { Port = Port, ClientId = clientId, Version = version };

    public Task<MqttClient> ConnectAsync(string clientId, MqttVersion version = MqttVersion.V500, Action<MqttClientOptions>? configure = null)
    {
        var options = Options(clientId, version);
        configure?.Invoke(options);
        return MqttClient.ConnectAsync(options);
    }

    /// <summary>A raw socket to the broker, for bytes no client would send.</summary>
    public async Task<RawConnection> ConnectRawAsync()
    {
        var tcp = new TcpClient();
        await tcp.ConnectAsync(IPAddress.Loopback, Port);
        return new RawConnection(tcp);
    }

    private async Task AcceptAsync()
    {
        try
        {
            while (true)
            {
                var socket = await _listener.AcceptSocketAsync(_stop.Token);
                socket.NoDelay = true;
                lock (_connections)
                {
                    _connections.Add(ServeAsync(socket));
                }
            }
        }
        catch (OperationCanceledException)
        {
        }
    }

    private async Task ServeAsync(Socket socket)
    {
        await using var stream = new NetworkStream(socket, ownsSocket: true);
        var pipe = new DuplexPipe(PipeReader.Create(stream), PipeWriter.Create(stream));
        await Broker.HandleConnectionAsync(pipe, socket.RemoteEndPoint, _stop.Token);
    }

    public async ValueTask DisposeAsync()
    {
        await Broker.DisposeAsync();
        _stop.Cancel();
        _listener.Stop();
        await _accepting;
        Task[] running;
        lock (_connections)
        {
            running = [.. _connections];
        }
        await Task.WhenAll(running).WaitAsync(TimeSpan.FromSeconds(10));
    }

    private sealed record DuplexPipe(PipeReader Input, PipeWriter Output) : IDuplexPipe;

    /// <summary>The Paho conformance suites expect a broker that refuses exactly this topic.</summary>
    private sealed class ConformanceRules : IMqttAuthorizer
    {
        public bool CanSubscribe(MqttPrincipal principal, string filter) => filter != "test/nosubscribe";

        public bool CanPublish(MqttPrincipal principal, MqttApplicationMessage message) => true;
    }
}
