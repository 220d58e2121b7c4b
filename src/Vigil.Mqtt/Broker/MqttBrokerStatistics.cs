namespace Vigil.Mqtt.Broker;

/// <summary>Counters the broker publishes under <c>$SYS/broker/…</c>.</summary>
public sealed class MqttBrokerStatistics
{
    private long _received;
    private long _sent;
    private long _dropped;
    private long _connected;
    private long _refused;

    /// <summary>PUBLISH packets received from clients.</summary>
    public long MessagesReceived => Interlocked.Read(ref _received);
    /// <summary>PUBLISH packets written to clients.</summary>
    public long MessagesSent => Interlocked.Read(ref _sent);
    /// <summary>Messages dropped by a limit (queue full, rate, size, expiry).</summary>
    public long MessagesDropped => Interlocked.Read(ref _dropped);
    /// <summary>Clients connected now.</summary>
    public long ClientsConnected => Interlocked.Read(ref _connected);
    /// <summary>Connections refused (authentication, limits).</summary>
    public long ConnectionsRefused => Interlocked.Read(ref _refused);

    internal void Received() => Interlocked.Increment(ref _received);
    internal void Sent() => Interlocked.Increment(ref _sent);
    internal void Dropped() => Interlocked.Increment(ref _dropped);
    internal void Refused() => Interlocked.Increment(ref _refused);
    internal void ConnectedDelta(int delta) => Interlocked.Add(ref _connected, delta);
}
