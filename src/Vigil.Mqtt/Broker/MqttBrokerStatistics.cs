using Vigil.Mqtt.Protocol;

namespace Vigil.Mqtt.Broker;

/// <summary>Counters the broker publishes under <c>$SYS/broker/…</c> and a host may export as metrics.</summary>
public sealed class MqttBrokerStatistics
{
    private readonly long[] _received = new long[3];
    private readonly long[] _sent = new long[3];
    private readonly long[] _refused = new long[256];
    private long _dropped;
    private long _connected;

    /// <summary>PUBLISH packets received from clients.</summary>
    public long MessagesReceived => Sum(_received);
    /// <summary>PUBLISH packets written to clients.</summary>
    public long MessagesSent => Sum(_sent);
    /// <summary>Messages dropped by a limit (queue full, rate, size, expiry).</summary>
    public long MessagesDropped => Interlocked.Read(ref _dropped);
    /// <summary>Clients connected now.</summary>
    public long ClientsConnected => Interlocked.Read(ref _connected);
    /// <summary>Connections refused (authentication, limits).</summary>
    public long ConnectionsRefused => Sum(_refused);

    /// <summary>PUBLISH packets received at <paramref name="qos"/>.</summary>
    public long MessagesReceivedAt(MqttQoS qos) => Interlocked.Read(ref _received[(int)qos]);

    /// <summary>PUBLISH packets written at <paramref name="qos"/>.</summary>
    public long MessagesSentAt(MqttQoS qos) => Interlocked.Read(ref _sent[(int)qos]);

    /// <summary>Refused CONNECTs by MQTT 5 reason code (the 3.1.1 return code a client saw maps from it); only codes seen.</summary>
    public IEnumerable<(byte Reason, long Count)> ConnectionsRefusedByReason()
    {
        for (var reason = 0; reason < _refused.Length; reason++)
        {
            if (Interlocked.Read(ref _refused[reason]) is > 0 and var count)
            {
                yield return ((byte)reason, count);
            }
        }
    }

    internal void Received(MqttQoS qos) => Interlocked.Increment(ref _received[(int)qos]);
    internal void Sent(MqttQoS qos) => Interlocked.Increment(ref _sent[(int)qos]);
    internal void Dropped() => Interlocked.Increment(ref _dropped);
    internal void Refused(byte v5Reason) => Interlocked.Increment(ref _refused[v5Reason]);
    internal void ConnectedDelta(int delta) => Interlocked.Add(ref _connected, delta);

    private static long Sum(long[] counters)
    {
        long total = 0;
        for (var i = 0; i < counters.Length; i++)
        {
            total += Interlocked.Read(ref counters[i]);
        }
        return total;
    }
}
