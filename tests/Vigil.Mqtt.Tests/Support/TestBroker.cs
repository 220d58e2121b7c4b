using System.Net;
using System.Net.Sockets;
using Vigil.Mqtt.Broker;
using Vigil.Mqtt.Client;
using Vigil.Mqtt.Protocol;
using Vigil.Mqtt.Transport;

namespace Vigil.Mqtt.Tests.Support;

/// <summary>The broker on a real loopback TCP port, with the conformance-suite rules (all allowed but <c>test/nosubscribe</c>).</summary>
public sealed class TestBroker : IAsyncDisposable
{
    private readonly MqttTcpListener _listener;

    private TestBroker(MqttBrokerOptions options, IMqttAuthenticator authenticator, IMqttAuthorizer authorizer, IMqttPublishInterceptor? interceptor, int eventLoops, IMqttClusterSessions? clusterSessions)
    {
        Broker = new MqttBroker(options, authenticator, authorizer) { PublishInterceptor = interceptor, ClusterSessions = clusterSessions };
        Broker.Start();
        _listener = new MqttTcpListener(Broker, new IPEndPoint(IPAddress.Loopback, 0), eventLoops);
        _listener.Start();
        Port = _listener.LocalEndPoint.Port;
    }

    public MqttBroker Broker { get; }
    public MqttTcpListener Listener => _listener;
    public int Port { get; }

    public static TestBroker Start(
        Action<MqttBrokerOptions>? configure = null, IMqttAuthenticator? authenticator = null, IMqttAuthorizer? authorizer = null, IMqttPublishInterceptor? interceptor = null, int eventLoops = 1,
        IMqttClusterSessions? clusterSessions = null)
    {
        var options = new MqttBrokerOptions { HousekeepingInterval = TimeSpan.FromMilliseconds(100), StatisticsInterval = TimeSpan.FromMilliseconds(200), PublishRatePerClient = 0 };
        configure?.Invoke(options);
        return new TestBroker(options, authenticator ?? new AllowAllSecurity(), authorizer ?? new ConformanceRules(), interceptor, eventLoops, clusterSessions);
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

    public async ValueTask DisposeAsync()
    {
        await Broker.DisposeAsync();
        await _listener.DisposeAsync();
    }

    /// <summary>The Paho conformance suites expect a broker that refuses exactly this topic.</summary>
    private sealed class ConformanceRules : IMqttAuthorizer
    {
        public bool CanSubscribe(MqttPrincipal principal, string filter) => filter != "test/nosubscribe";

        public bool CanPublish(MqttPrincipal principal, MqttApplicationMessage message) => true;
    }
}
