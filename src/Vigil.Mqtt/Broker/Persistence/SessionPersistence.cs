using Vigil.Mqtt.Protocol;

namespace Vigil.Mqtt.Broker.Persistence;

/// <summary>
/// The broker's side of the session log: one method per change to a persistent session or a retained message.
/// Changes a client's acknowledgement depends on (a message queued for a persistent session, a QoS 2 receipt, a
/// retained message, a persistent session's subscription) leave their sequence number for the connection, which
/// sends PUBACK/PUBREC, SUBACK or UNSUBACK only once the log holds it (<see cref="TakePending"/>).
/// </summary>
internal sealed class SessionPersistence(FileSessionStore store, TimeProvider time) : IAsyncDisposable
{
    private static int s_instances;

    // What a thread appended for an acknowledgement, and to which log: sequences of another log (a broker that
    // stopped, another broker in the same process) are not this log's and would be waited for in vain.
    [ThreadStatic] private static int t_owner;
    [ThreadStatic] private static long t_pending;

    private readonly int _id = Interlocked.Increment(ref s_instances);

    public StoredState Stored => store.State;

    /// <summary>The highest sequence this thread appended to this log for an acknowledgement since the last call (0: none).</summary>
    public long TakePending()
    {
        if (t_owner != _id)
        {
            return 0;
        }
        var pending = t_pending;
        t_pending = 0;
        return pending;
    }

    public Task WhenDurableAsync(long sequence) => store.WhenDurableAsync(sequence);

    public void OnDurable(long sequence, IDurableCallback callback) => store.OnDurable(sequence, callback);

    public ValueTask DisposeAsync() => store.DisposeAsync();

    private RecordWriter Record(RecordType type) => RecordWriter.Start(type, time.GetUtcNow());

    private long Append(RecordWriter record) => store.Append(record.ToRecord());

    private void AppendForAcknowledgement(RecordWriter record)
    {
        var sequence = Append(record);
        if (t_owner != _id)
        {
            t_owner = _id;
            t_pending = 0;
        }
        t_pending = Math.Max(t_pending, sequence);
    }

    public void SessionStarted(string clientId, uint expiry) => Append(Record(RecordType.SessionStarted).String(clientId).Int64(expiry));

    public void SessionEnded(string clientId) => Append(Record(RecordType.SessionEnded).String(clientId));

    public void Disconnected(string clientId, DateTimeOffset at) => Append(Record(RecordType.Disconnected).String(clientId).Int64(at.ToUnixTimeMilliseconds()));

    public void Subscribed(string clientId, Subscription subscription) => AppendForAcknowledgement(Record(RecordType.Subscribed).String(clientId)
        .String(subscription.Filter).Byte(subscription.Options.Options).Int32(subscription.Identifier ?? -1));

    public void Unsubscribed(string clientId, string filter) => AppendForAcknowledgement(Record(RecordType.Unsubscribed).String(clientId).String(filter));

    /// <summary>Records a QoS 1/2 delivery to a persistent session; returns its id for acknowledging it later.</summary>
    public long Queued(string clientId, Delivery delivery)
    {
        var id = store.NextDeliveryId();
        var record = Record(RecordType.Queued).String(clientId).Int64(id).Byte((byte)delivery.QoS).Byte(delivery.Retain ? (byte)1 : (byte)0);
        record.Int32(delivery.SubscriptionIds?.Count ?? 0);
        foreach (var subscriptionId in delivery.SubscriptionIds ?? [])
        {
            record.Int32(subscriptionId);
        }
        AppendForAcknowledgement(record.Message(delivery.Message));
        return id;
    }

    public void Released(string clientId, long deliveryId, ushort packetId) => Append(Record(RecordType.Released).String(clientId).Int64(deliveryId).UInt16(packetId));

    public void Acknowledged(string clientId, long deliveryId) => Append(Record(RecordType.Acknowledged).String(clientId).Int64(deliveryId));

    public void IncomingQoS2(string clientId, ushort packetId, bool added)
    {
        var record = Record(added ? RecordType.IncomingQoS2Added : RecordType.IncomingQoS2Removed).String(clientId).UInt16(packetId);
        if (added)
        {
            AppendForAcknowledgement(record);
        }
        else
        {
            Append(record);
        }
    }

    public void Retained(MqttApplicationMessage message) => AppendForAcknowledgement(Record(RecordType.RetainedSet).Message(message));
}
