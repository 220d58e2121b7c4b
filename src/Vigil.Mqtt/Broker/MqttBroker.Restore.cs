using Microsoft.Extensions.Logging;
using Vigil.Mqtt.Broker.Persistence;
using Vigil.Mqtt.Protocol;

namespace Vigil.Mqtt.Broker;

// Start-up from the session log: persistent sessions (offline), their subscriptions and messages, retained messages.
public sealed partial class MqttBroker
{
    private void Restore(SessionPersistence persistence)
    {
        var stored = persistence.Stored;
        var now = Now;
        var restored = 0;
        var expired = 0;
        foreach (var (clientId, record) in stored.Sessions.ToList())
        {
            var started = new RecordReader(record.Started.AsSpan(8)).Fields();
            started.String();
            var expiry = (uint)started.Int64();
            // A session online when the server stopped was last seen at the log's last record.
            var disconnectedAt = record.Disconnected is { } disconnected
                ? DateTimeOffset.FromUnixTimeMilliseconds(Skip(disconnected).Int64())
                : stored.LastRecordAt;
            if (expiry != uint.MaxValue && disconnectedAt + TimeSpan.FromSeconds(expiry) <= now)
            {
                persistence.SessionEnded(clientId);
                expired++;
                continue;
            }
            if (record.Disconnected is null)
            {
                persistence.Disconnected(clientId, disconnectedAt);
            }
            var session = new MqttSession(clientId, Statistics, Options.MaximumQueuedMessages, persistence)
            {
                ExpiryInterval = expiry,
                DisconnectedAt = disconnectedAt,
                Persisted = true,
            };
            foreach (var subscription in record.Subscriptions.Values)
            {
                var fields = Skip(subscription);
                var filter = fields.String();
                var options = fields.Byte();
                var identifier = fields.Int32();
                RestoreSubscription(session, filter, options, identifier < 0 ? null : identifier);
            }
            foreach (var (id, released) in record.Released)
            {
                var fields = Skip(released);
                fields.Int64();
                session.RestoreReleased(new Delivery(new MqttApplicationMessage { Topic = "" }, MqttQoS.ExactlyOnce, false, null) { StoreId = id }, fields.UInt16());
            }
            foreach (var (id, queued) in record.Queued)
            {
                var fields = Skip(queued);
                fields.Int64();
                var qos = (MqttQoS)fields.Byte();
                var retain = fields.Byte() == 1;
                var count = fields.Int32();
                List<int>? ids = count == 0 ? null : new List<int>(count);
                for (var i = 0; i < count; i++)
                {
                    ids!.Add(fields.Int32());
                }
                if (fields.Message() is { } message)
                {
                    session.RestoreQueued(new Delivery(message, qos, retain, ids) { StoreId = id, Redelivery = true });
                }
            }
            foreach (var packetId in record.IncomingQoS2.Keys)
            {
                session.RestoreIncomingQoS2(packetId);
            }
            _sessions[clientId] = session;
            restored++;
        }
        foreach (var retained in stored.Retained.Values)
        {
            if (new RecordReader(retained.AsSpan(8)).Fields().Message() is { } message)
            {
                Retained.Set(message);
            }
        }
        if (restored + expired + stored.Retained.Count > 0)
        {
            Logger.LogInformation("Restored {Sessions} persistent sessions and {Retained} retained messages; {Expired} sessions had expired while the server was down",
                restored, stored.Retained.Count, expired);
        }
    }

    /// <summary>A stored subscription (session log or cluster) back in its session and the index; a filter that no longer parses is skipped.</summary>
    private void RestoreSubscription(MqttSession session, string filter, byte options, int? identifier)
    {
        if (Subscription.TryParse(filter, out var topicFilter, out var group))
        {
            var subscription = new Subscription(session, topicFilter, group, TopicSubscription.FromOptions(topicFilter, options), identifier);
            session.Subscriptions[filter] = subscription;
            IndexAdd(subscription);
        }
    }

    /// <summary>A session record's reader, past its client id.</summary>
    private static RecordReader Skip(byte[] record)
    {
        var reader = new RecordReader(record.AsSpan(8)).Fields();
        reader.String();
        return reader;
    }
}
