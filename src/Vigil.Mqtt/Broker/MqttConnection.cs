using System.IO.Pipelines;
using System.Net;
using Vigil.Mqtt.Protocol;

namespace Vigil.Mqtt.Broker;

/// <summary>
/// One client connection: a read loop that decodes and handles packets in order, and a writer loop
/// that encodes queued packets and flushes once per batch. Anything may queue a packet; only the
/// writer touches the output pipe.
/// </summary>
internal sealed partial class MqttConnection
{
    private static readonly TimeSpan WriteGracePeriod = TimeSpan.FromSeconds(5);

    private readonly MqttBroker _broker;
    private readonly IDuplexPipe _transport;
    private readonly OutgoingQueue _outgoing = new();
    private readonly CancellationTokenSource _abortWrites = new();
    private int _queued;
    private int _closing;
    private readonly long _openedAt = Environment.TickCount64;
    private long _lastReceived = Environment.TickCount64;

    public MqttConnection(MqttBroker broker, IDuplexPipe transport, EndPoint? remoteEndPoint)
    {
        _broker = broker;
        _transport = transport;
        RemoteEndPoint = remoteEndPoint;
    }

    public EndPoint? RemoteEndPoint { get; }
    public MqttVersion Version { get; private set; } = MqttVersion.V311;
    public bool IsConnected { get; private set; }
    public MqttSession? Session { get; private set; }
    public MqttPrincipal? Principal { get; private set; }
    public string ClientId { get; private set; } = "";
    public ushort KeepAlive { get; private set; }

    /// <summary>How many QoS 1/2 messages may be unacknowledged towards this client.</summary>
    public int SendQuota { get; private set; }

    /// <summary>The will to publish if the connection ends without a normal DISCONNECT.</summary>
    public MqttApplicationMessage? Will { get; private set; }
    public uint WillDelay { get; private set; }

    /// <summary>Queues a packet for the writer; a droppable one (QoS 0) is refused when the queue is full.</summary>
    public bool TrySend(Outgoing item, bool droppable)
    {
        if (droppable && Volatile.Read(ref _queued) >= _broker.Options.MaximumOutgoingPackets)
        {
            return false;
        }
        if (!_outgoing.TryWrite(item))
        {
            return false;
        }
        Interlocked.Increment(ref _queued);
        return true;
    }

    /// <summary>Ends the connection; a v5 client first gets DISCONNECT with <paramref name="reasonCode"/>. Safe from any thread, once.</summary>
    public void Close(byte? reasonCode = null)
    {
        if (Interlocked.Exchange(ref _closing, 1) == 1)
        {
            return;
        }
        if (reasonCode is { } reason && IsConnected && Version == MqttVersion.V500)
        {
            TrySend(new Outgoing(new DisconnectPacket { ReasonCode = reason }), droppable: false);
        }
        _outgoing.Complete();
        _transport.Input.CancelPendingRead();
    }

    /// <summary>Housekeeping: the CONNECT deadline, keep-alive (1.5 × the interval, §3.1.2.10) and credential expiry.</summary>
    public void CheckTimers(long nowTicks, DateTimeOffset now)
    {
        if (!IsConnected)
        {
            if (Session is null && nowTicks - _openedAt > (long)_broker.Options.ConnectTimeout.TotalMilliseconds)
            {
                Close();
            }
            return;
        }
        if (KeepAlive > 0 && nowTicks - Volatile.Read(ref _lastReceived) > KeepAlive * 1500L)
        {
            Close(ReasonCodes.KeepAliveTimeout);
        }
        else if (Principal?.ExpiresAt <= now)
        {
            Close(ReasonCodes.MaximumConnectTime);
        }
    }
}
