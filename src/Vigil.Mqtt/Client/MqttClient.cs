using System.Collections.Concurrent;
using System.IO.Pipelines;
using System.Net.Security;
using System.Net.Sockets;
using System.Net.WebSockets;
using System.Text;
using System.Threading.Channels;
using Vigil.Mqtt.Protocol;

namespace Vigil.Mqtt.Client;

/// <summary>
/// A small MQTT 3.1.1 / 5.0 client: connect, publish at any QoS (awaiting the acknowledgement),
/// subscribe, receive through <see cref="Messages"/>. Used by the handlers, the tests and the benchmark.
/// </summary>
public sealed partial class MqttClient : IAsyncDisposable
{
    private readonly MqttClientOptions _options;
    private readonly IDuplexPipe _transport;
    private readonly IAsyncDisposable? _owner;
    private readonly SemaphoreSlim _writeLock = new(1, 1);
    private readonly ConcurrentDictionary<ushort, TaskCompletionSource<MqttPacket>> _pending = new();
    private readonly Channel<MqttReceivedMessage> _messages = Channel.CreateUnbounded<MqttReceivedMessage>();
    private readonly TaskCompletionSource<ConnAckPacket> _connAck = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource<DisconnectPacket?> _closed = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly HashSet<ushort> _receivedQoS2 = [];
    private readonly Dictionary<ushort, string> _inboundAliases = [];
    private readonly CancellationTokenSource _stop = new();
    private TaskCompletionSource? _pong;
    private int _nextPacketId;
    private Task _reading = Task.CompletedTask;
    private Task _pinging = Task.CompletedTask;

    private MqttClient(MqttClientOptions options, IDuplexPipe transport, IAsyncDisposable? owner)
    {
        _options = options;
        _transport = transport;
        _owner = owner;
    }

    /// <summary>The broker's CONNACK.</summary>
    public ConnAckPacket ConnAck { get; private set; } = null!;

    /// <summary>Messages received, in order.</summary>
    public ChannelReader<MqttReceivedMessage> Messages => _messages.Reader;

    /// <summary>Completes when the connection ends, with the server's DISCONNECT if it sent one.</summary>
    public Task<DisconnectPacket?> Closed => _closed.Task;

    /// <summary>The protocol version in use.</summary>
    public MqttVersion Version => _options.Version;

    /// <summary>Connects and waits for a successful CONNACK.</summary>
    /// <exception cref="MqttConnectException">The broker refused.</exception>
    public static async Task<MqttClient> ConnectAsync(MqttClientOptions options, CancellationToken cancellationToken = default)
    {
        var client = await OpenAsync(options, cancellationToken).ConfigureAwait(false);
        if (client.ConnAck.ReasonCode != 0)
        {
            await client.DisposeAsync().ConfigureAwait(false);
            throw new MqttConnectException(client.ConnAck.ReasonCode);
        }
        return client;
    }

    /// <summary>Connects and returns whatever CONNACK the broker answered, accepted or not.</summary>
    public static async Task<MqttClient> OpenAsync(MqttClientOptions options, CancellationToken cancellationToken = default)
    {
        var (transport, owner) = await OpenTransportAsync(options, cancellationToken).ConfigureAwait(false);
        var client = new MqttClient(options, transport, owner);
        client._reading = Task.Run(client.ReadLoopAsync, CancellationToken.None);
        await client.SendAsync(new ConnectPacket
        {
            Version = options.Version,
            ClientId = options.ClientId,
            CleanStart = options.CleanStart,
            KeepAlive = options.KeepAlive,
            Username = options.Username,
            Password = options.Password is null ? null : Encoding.UTF8.GetBytes(options.Password),
            Will = options.Will,
            Properties = options.ConnectProperties,
        }).ConfigureAwait(false);
        await Task.WhenAny(client._connAck.Task, client._closed.Task).WaitAsync(options.Timeout, cancellationToken).ConfigureAwait(false);
        if (!client._connAck.Task.IsCompleted)
        {
            await client.DisposeAsync().ConfigureAwait(false);
            throw new IOException("the broker closed the connection without CONNACK");
        }
        client.ConnAck = await client._connAck.Task.ConfigureAwait(false);
        if (options.SendPings && options.KeepAlive > 0 && client.ConnAck.ReasonCode == 0)
        {
            var keepAlive = client.ConnAck.Properties?.ServerKeepAlive ?? options.KeepAlive;
            client._pinging = Task.Run(() => client.PingLoopAsync(TimeSpan.FromSeconds(keepAlive) * 0.75), CancellationToken.None);
        }
        return client;
    }

    private static async Task<(IDuplexPipe, IAsyncDisposable?)> OpenTransportAsync(MqttClientOptions options, CancellationToken cancellationToken)
    {
        if (options.Transport is { } open)
        {
            return (open(), null);
        }
        if (options.WebSocketUri is { } uri)
        {
            var socket = new ClientWebSocket();
            socket.Options.AddSubProtocol("mqtt");
            await socket.ConnectAsync(uri, cancellationToken).ConfigureAwait(false);
            var pipe = new WebSocketPipe(socket);
            return (pipe, pipe);
        }
        var tcp = new TcpClient { NoDelay = true };
        await tcp.ConnectAsync(options.Host, options.Port, cancellationToken).ConfigureAwait(false);
        Stream stream = tcp.GetStream();
        if (options.UseTls)
        {
            var tls = new SslStream(stream, leaveInnerStreamOpen: false, options.CertificateValidation);
            await tls.AuthenticateAsClientAsync(new SslClientAuthenticationOptions { TargetHost = options.Host }, cancellationToken).ConfigureAwait(false);
            stream = tls;
        }
        var duplex = new StreamDuplexPipe(stream, tcp);
        return (duplex, duplex);
    }

    /// <summary>Publishes and waits for PUBACK (QoS 1) or PUBCOMP (QoS 2); returns the v5 reason code (0 for QoS 0).</summary>
    public async Task<byte> PublishAsync(MqttApplicationMessage message, CancellationToken cancellationToken = default)
    {
        if (message.QoS == MqttQoS.AtMostOnce)
        {
            await SendAsync(ToPacket(message, 0)).ConfigureAwait(false);
            return 0;
        }
        var packetId = NextPacketId();
        var answer = Expect(packetId);
        await SendAsync(ToPacket(message, packetId)).ConfigureAwait(false);
        var ack = (PublishAckPacket)await answer.WaitAsync(_options.Timeout, cancellationToken).ConfigureAwait(false);
        return ack.ReasonCode;
    }

    /// <summary>Publishes a UTF-8 payload.</summary>
    public Task<byte> PublishAsync(string topic, string payload, MqttQoS qos = MqttQoS.AtMostOnce, bool retain = false, MqttProperties? properties = null) =>
        PublishAsync(new MqttApplicationMessage { Topic = topic, Payload = Encoding.UTF8.GetBytes(payload), QoS = qos, Retain = retain, Properties = properties });

    /// <summary>Subscribes; returns one granted QoS or failure code per filter.</summary>
    public async Task<IReadOnlyList<byte>> SubscribeAsync(IReadOnlyList<TopicSubscription> subscriptions, MqttProperties? properties = null, CancellationToken cancellationToken = default)
    {
        var packetId = NextPacketId();
        var answer = Expect(packetId);
        await SendAsync(new SubscribePacket { PacketId = packetId, Subscriptions = subscriptions, Properties = properties }).ConfigureAwait(false);
        return ((SubAckPacket)await answer.WaitAsync(_options.Timeout, cancellationToken).ConfigureAwait(false)).ReasonCodes;
    }

    /// <summary>Subscribes to one filter.</summary>
    public async Task<byte> SubscribeAsync(string filter, MqttQoS qos = MqttQoS.AtMostOnce) =>
        (await SubscribeAsync([new TopicSubscription(filter, qos)]).ConfigureAwait(false))[0];

    /// <summary>Unsubscribes; returns the v5 reason codes (empty in 3.1.1).</summary>
    public async Task<IReadOnlyList<byte>> UnsubscribeAsync(params string[] filters)
    {
        var packetId = NextPacketId();
        var answer = Expect(packetId);
        await SendAsync(new UnsubscribePacket { PacketId = packetId, Filters = filters }).ConfigureAwait(false);
        return ((SubAckPacket)await answer.WaitAsync(_options.Timeout).ConfigureAwait(false)).ReasonCodes;
    }

    /// <summary>Sends PINGREQ and waits for PINGRESP.</summary>
    public async Task PingAsync()
    {
        var pong = _pong = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await SendAsync(PingPacket.Request).ConfigureAwait(false);
        await pong.Task.WaitAsync(_options.Timeout).ConfigureAwait(false);
    }

    /// <summary>Acknowledges a QoS 1/2 message when <see cref="MqttClientOptions.AutoAcknowledge"/> is off.</summary>
    public Task AcknowledgeAsync(MqttReceivedMessage message) => message.Packet.QoS switch
    {
        MqttQoS.AtLeastOnce => SendAsync(new PublishAckPacket(PacketType.PubAck, message.Packet.PacketId)),
        MqttQoS.ExactlyOnce => SendAsync(new PublishAckPacket(PacketType.PubRec, message.Packet.PacketId)),
        _ => Task.CompletedTask,
    };

    /// <summary>Sends DISCONNECT (with a v5 reason and properties) and closes.</summary>
    public async Task DisconnectAsync(byte reasonCode = 0, MqttProperties? properties = null)
    {
        try
        {
            await SendAsync(new DisconnectPacket { ReasonCode = reasonCode, Properties = properties }).ConfigureAwait(false);
        }
        catch (Exception e) when (e is IOException or InvalidOperationException or ObjectDisposedException)
        {
        }
        await DisposeAsync().ConfigureAwait(false);
    }

    /// <summary>Drops the connection without DISCONNECT, as a crash would (the will is published).</summary>
    public ValueTask AbortAsync() => DisposeAsync();
}
