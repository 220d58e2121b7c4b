using Vigil.Mqtt.Protocol;

namespace Vigil.Mqtt.Broker;

/// <summary>
/// The state MQTT keeps per client id across connections: subscriptions, QoS 1/2 messages in flight
/// and queued, QoS 2 receipts, and a delayed will. Every member is used under <see cref="Gate"/>.
/// </summary>
internal sealed partial class MqttSession(string clientId, MqttBrokerStatistics statistics, int maximumQueued, Persistence.SessionPersistence? persistence = null)
{
    // The queue exists only while it holds something (so does the in-flight index, about 200 bytes): most sessions are
    // phones that sit idle. The QoS 2 receipts stay once made: a publisher at QoS 2 would otherwise make them per message.
    private Queue<Delivery>? _pending;

    public object Gate { get; } = new();
    public string ClientId { get; } = clientId;
    public SessionSubscriptions Subscriptions { get; } = new();
    private HashSet<ushort>? _incomingQoS2;

    /// <summary>The connection that owns the session (from CONNECT until it closes).</summary>
    public MqttConnection? Owner { get; set; }

    /// <summary>The connection messages are written to (from after CONNACK until it closes).</summary>
    public MqttConnection? Connection { get; private set; }

    public bool IsOnline => Connection is not null;
    public uint ExpiryInterval { get; set; }
    public DateTimeOffset? DisconnectedAt { get; set; }
    public MqttApplicationMessage? PendingWill { get; set; }
    public MqttPrincipal? WillPrincipal { get; set; }
    public DateTimeOffset? WillDueAt { get; set; }
    /// <summary>Whether the session log holds this session (it was persistent when last connected).</summary>
    public bool Persisted { get; set; }
    /// <summary>Whether the cluster's store holds this session: its QoS 1/2 messages come from its queue there.</summary>
    public bool InCluster { get; set; }
    public int QueuedCount => _pending?.Count ?? 0;

    public bool IncomingQoS2Contains(ushort packetId)
    {
        lock (Gate)
        {
            return _incomingQoS2?.Contains(packetId) == true;
        }
    }

    public int IncomingQoS2Count
    {
        get
        {
            lock (Gate)
            {
                return _incomingQoS2?.Count ?? 0;
            }
        }
    }

    public void IncomingQoS2Add(ushort packetId)
    {
        lock (Gate)
        {
            if ((_incomingQoS2 ??= []).Add(packetId) && Persisted)
            {
                persistence?.IncomingQoS2(ClientId, packetId, added: true);
            }
        }
    }

    public bool IncomingQoS2Remove(ushort packetId)
    {
        lock (Gate)
        {
            var removed = _incomingQoS2?.Remove(packetId) == true;
            if (removed && Persisted)
            {
                persistence?.IncomingQoS2(ClientId, packetId, added: false);
            }
            return removed;
        }
    }

    public void Deliver(Delivery delivery)
    {
        lock (Gate)
        {
            var connection = Connection;
            if (delivery.QoS == MqttQoS.AtMostOnce)
            {
                if (connection is null || !connection.TrySend(new Outgoing(delivery, 0, false), droppable: true))
                {
                    statistics.Dropped();
                }
            }
            else if (connection is not null && InflightCount < connection.SendQuota && QueuedCount == 0)
            {
                Log(delivery);
                SendNew(connection, delivery);
            }
            else if (QueuedCount < maximumQueued)
            {
                Log(delivery);
                (_pending ??= new()).Enqueue(delivery);
            }
            else if (delivery.Receipt is { } receipt)
            {
                receipt.Returned(); // the cluster keeps it and delivers it again
            }
            else
            {
                statistics.Dropped();
            }
        }
    }

    /// <summary>PUBACK, PUBREC or PUBCOMP from the client (or a message the writer had to discard).</summary>
    public void Acknowledge(PacketType type, ushort packetId)
    {
        lock (Gate)
        {
            if (FindInflight(packetId) is not { } inflight)
            {
                return;
            }
            if (type == PacketType.PubRec && inflight.QoS == MqttQoS.ExactlyOnce)
            {
                if (!inflight.Released)
                {
                    if (inflight.StoreId != 0)
                    {
                        persistence?.Released(ClientId, inflight.StoreId, packetId);
                    }
                    inflight.Receipt?.Acknowledged(); // the client holds it: the cluster must not deliver it again
                }
                inflight.Released = true;
                Connection?.TrySend(Outgoing.Ack(PacketType.PubRel, packetId), droppable: false);
                return;
            }
            Untrack(inflight);
            if (inflight.StoreId != 0)
            {
                persistence?.Acknowledged(ClientId, inflight.StoreId);
            }
            if (inflight is { QoS: MqttQoS.AtLeastOnce, Receipt: { } receipt })
            {
                receipt.Acknowledged();
            }
            Drain();
        }
    }

    /// <summary>Called after CONNACK is queued: resend what is in flight, in order, then the queue.</summary>
    public void Resume(MqttConnection connection)
    {
        lock (Gate)
        {
            Connection = connection;
            for (var inflight = _inflightOrder.First; inflight is not null; inflight = inflight.Next)
            {
                connection.TrySend(inflight.Released
                    ? Outgoing.Ack(PacketType.PubRel, inflight.PacketId)
                    : new Outgoing(inflight, inflight.PacketId, Duplicate: true), droppable: false);
            }
            Drain();
        }
    }

    public void Detach(MqttConnection connection, DateTimeOffset now)
    {
        lock (Gate)
        {
            if (Connection == connection)
            {
                Connection = null;
            }
            if (Owner == connection)
            {
                Owner = null;
                DisconnectedAt = now;
            }
        }
    }

    private void Drain()
    {
        var connection = Connection;
        while (connection is not null && QueuedCount > 0 && InflightCount < connection.SendQuota)
        {
            SendNew(connection, _pending!.Dequeue());
        }
        if (_pending?.Count == 0)
        {
            _pending = null;
        }
    }

    private void SendNew(MqttConnection connection, Delivery delivery)
    {
        var packetId = NextPacketId();
        delivery.PacketId = packetId;
        Track(delivery);
        connection.TrySend(new Outgoing(delivery, packetId, delivery.Redelivery), droppable: false);
    }

    private void Log(Delivery delivery)
    {
        if (Persisted && persistence is not null && delivery.StoreId == 0)
        {
            delivery.StoreId = persistence.Queued(ClientId, delivery);
        }
    }

    /// <summary>At start-up: a delivery the log kept, queued again in order.</summary>
    public void RestoreQueued(Delivery delivery)
    {
        lock (Gate)
        {
            (_pending ??= new()).Enqueue(delivery);
        }
    }

    /// <summary>At start-up: a QoS 2 delivery the client had received (PUBREC): only PUBREL is left to send, with its packet id.</summary>
    public void RestoreReleased(Delivery delivery, ushort packetId)
    {
        lock (Gate)
        {
            delivery.PacketId = packetId;
            delivery.Released = true;
            Track(delivery);
        }
    }

    /// <summary>At start-up: a QoS 2 PUBLISH the client had sent and this session acknowledged (PUBREC).</summary>
    public void RestoreIncomingQoS2(ushort packetId)
    {
        lock (Gate)
        {
            (_incomingQoS2 ??= []).Add(packetId);
        }
    }
}
