namespace Vigil.Mqtt.Broker.Persistence;

/// <summary>
/// What the log holds once replayed: persistent sessions and retained messages. The writer applies each record
/// after writing it, so the state is always what a restart would find, and a compaction writes just this.
/// </summary>
internal sealed class StoredState
{
    public Dictionary<string, StoredSession> Sessions { get; } = new(StringComparer.Ordinal);
    public Dictionary<string, byte[]> Retained { get; } = new(StringComparer.Ordinal);
    public DateTimeOffset LastRecordAt { get; private set; }
    public long MaxDeliveryId { get; private set; }

    public void Apply(byte[] record)
    {
        var reader = new RecordReader(record.AsSpan(8));
        LastRecordAt = reader.At;
        var type = reader.Type;
        var fields = reader.Fields();
        if (type == RecordType.RetainedSet)
        {
            var message = fields.Message();
            if (message is null || message.Payload.IsEmpty)
            {
                Retained.Remove(message?.Topic ?? "");
            }
            else
            {
                Retained[message.Topic] = record;
            }
            return;
        }
        var clientId = fields.String();
        if (type == RecordType.SessionStarted)
        {
            if (Sessions.TryGetValue(clientId, out var existing))
            {
                existing.Started = record;
                existing.Disconnected = null;
            }
            else
            {
                Sessions[clientId] = new StoredSession { Started = record };
            }
            return;
        }
        if (!Sessions.TryGetValue(clientId, out var session))
        {
            return;
        }
        switch (type)
        {
            case RecordType.SessionEnded:
                Sessions.Remove(clientId);
                break;
            case RecordType.Disconnected:
                session.Disconnected = record;
                break;
            case RecordType.Subscribed:
                session.Subscriptions[fields.String()] = record;
                break;
            case RecordType.Unsubscribed:
                session.Subscriptions.Remove(fields.String());
                break;
            case RecordType.Queued:
                var queued = fields.Int64();
                MaxDeliveryId = Math.Max(MaxDeliveryId, queued);
                session.Queued[queued] = record;
                break;
            case RecordType.Released:
                var released = fields.Int64();
                session.Queued.Remove(released);
                session.Released[released] = record;
                break;
            case RecordType.Acknowledged:
                var acknowledged = fields.Int64();
                session.Queued.Remove(acknowledged);
                session.Released.Remove(acknowledged);
                break;
            case RecordType.IncomingQoS2Added:
                session.IncomingQoS2[fields.UInt16()] = record;
                break;
            case RecordType.IncomingQoS2Removed:
                session.IncomingQoS2.Remove(fields.UInt16());
                break;
        }
    }

    /// <summary>The records that rebuild this state, in an order <see cref="Apply"/> accepts.</summary>
    public IEnumerable<byte[]> Records()
    {
        foreach (var session in Sessions.Values)
        {
            yield return session.Started;
            if (session.Disconnected is { } disconnected)
            {
                yield return disconnected;
            }
            foreach (var record in session.Subscriptions.Values.Concat(session.IncomingQoS2.Values))
            {
                yield return record;
            }
            foreach (var record in session.Released.Values)
            {
                yield return record; // only PUBREL is left to send: the message itself is not needed
            }
            foreach (var record in session.Queued.Values)
            {
                yield return record;
            }
        }
        foreach (var record in Retained.Values)
        {
            yield return record;
        }
    }
}
