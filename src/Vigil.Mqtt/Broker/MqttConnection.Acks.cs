using Microsoft.Extensions.Logging;
using Vigil.Mqtt.Broker.Persistence;

namespace Vigil.Mqtt.Broker;

// PUBACK and PUBREC wait, in order, until the session log (group commit) or the cluster's session queues hold what
// they acknowledge. The read loop does not wait for the log: each read batch's held acknowledgements become a group
// that the log's writer sends once synced, behind any earlier group, so packets keep being read on the connection's
// own thread. Past MaximumPendingGroups the read loop waits, which bounds what a client that ignores its PUBACKs can queue.
internal sealed partial class MqttConnection
{
    private const int MaximumPendingGroups = 32;
    // Made on first use: only a connection that publishes at QoS 1/2 to a persistent session or a cluster holds acknowledgements.
    private List<Outgoing>? _heldAcks;
    private Queue<AckGroup>? _ackGroups; // under its own lock; made by the read loop before its first group
    private List<Task>? _heldQueued;
    private long _heldUntil;
    private int _pendingGroups;

    /// <summary>The session log's sequence the packet just handled on this thread must wait for (0: none).</summary>
    private long TakeDurableAt() => _broker.Persistence?.TakePending() ?? 0;

    /// <summary>Before a packet is handled: what this thread logged or queued before is not that packet's.</summary>
    private void ForgetEarlierPending()
    {
        TakeDurableAt();
        MqttBroker.TakeQueued();
    }

    /// <summary>
    /// Sends a PUBACK/PUBREC now, or holds it (and every later one, to keep their order) until the log reaches
    /// <paramref name="durableAt"/> and the cluster has stored what <paramref name="queued"/> put in its queues.
    /// </summary>
    private void Acknowledge(Outgoing ack, long durableAt, List<Task>? queued = null)
    {
        if (durableAt == 0 && queued is null && _heldAcks is not { Count: > 0 } && Volatile.Read(ref _pendingGroups) == 0)
        {
            TrySend(ack, droppable: false);
            return;
        }
        (_heldAcks ??= []).Add(ack);
        _heldUntil = Math.Max(_heldUntil, durableAt);
        if (queued is not null)
        {
            (_heldQueued ??= []).AddRange(queued);
        }
    }

    /// <summary>After a read batch: hands its held acknowledgements to the log (or waits for the cluster's queues, then sends them).</summary>
    private async ValueTask ReleaseHeldAcksAsync()
    {
        if (_heldAcks is not { Count: > 0 } held)
        {
            return;
        }
        if (_heldQueued is { Count: > 0 } queued)
        {
            await ReleaseAfterClusterAsync(queued).ConfigureAwait(false);
            return;
        }
        var group = new AckGroup(this, [.. held]);
        var until = _heldUntil;
        held.Clear();
        _heldUntil = 0;
        var groups = _ackGroups ??= new Queue<AckGroup>();
        lock (groups)
        {
            groups.Enqueue(group);
            _pendingGroups++;
        }
        if (until > 0 && _broker.Persistence is { } persistence)
        {
            persistence.OnDurable(until, group);
            if (Volatile.Read(ref _pendingGroups) > MaximumPendingGroups)
            {
                await persistence.WhenDurableAsync(until).ConfigureAwait(false);
            }
        }
        else
        {
            group.Durable(); // nothing to wait for: sent once the groups before it are
        }
    }

    /// <summary>Sends the groups at the front that are ready, in order, in one flush.</summary>
    private void SendReadyGroups()
    {
        _outgoing.Hold();
        try
        {
            var groups = _ackGroups!; // a group is ready, so its queue exists
            lock (groups)
            {
                while (groups.TryPeek(out var group) && group.Ready)
                {
                    groups.Dequeue();
                    foreach (var ack in group.Acks)
                    {
                        TrySend(ack, droppable: false);
                    }
                    _pendingGroups--;
                }
            }
        }
        finally
        {
            _outgoing.Release();
        }
    }

    private async ValueTask ReleaseAfterClusterAsync(List<Task> queued)
    {
        // Not stored for every session it is for: no acknowledgement, so the client publishes it again.
        var held = _heldAcks!; // the cluster's tasks were held with acknowledgements
        if (!await StoredInClusterAsync(Task.WhenAll(queued), "A message for a persistent session").ConfigureAwait(false))
        {
            held.Clear();
            queued.Clear();
            Close();
            return;
        }
        queued.Clear();
        foreach (var ack in held)
        {
            TrySend(ack, droppable: false);
        }
        held.Clear();
        _heldUntil = 0;
    }

    /// <summary>
    /// Waits for what the cluster must store before an acknowledgement goes out; false, logged as
    /// <paramref name="what"/>, when it was not stored (the caller then closes the connection unacknowledged).
    /// </summary>
    private async ValueTask<bool> StoredInClusterAsync(Task stored, string what)
    {
        try
        {
            await stored.ConfigureAwait(false);
            return true;
        }
        catch (Exception e)
        {
            _broker.Logger.LogWarning("{What} could not be stored in the cluster ({Reason}); its connection is closed unacknowledged", what, e.Message);
            return false;
        }
    }

    private sealed class AckGroup(MqttConnection connection, Outgoing[] acks) : IDurableCallback
    {
        public Outgoing[] Acks { get; } = acks;
        public volatile bool Ready;

        public void Durable()
        {
            Ready = true;
            connection.SendReadyGroups();
        }
    }
}
