using Microsoft.Extensions.Logging;

namespace Vigil.Mqtt.Broker;

// PUBACK and PUBREC wait, in order, until the session log (group commit per read batch) or the cluster's session
// queues hold what they acknowledge.
internal sealed partial class MqttConnection
{
    private readonly List<Outgoing> _heldAcks = [];
    private List<Task>? _heldQueued;
    private long _heldUntil;

    /// <summary>
    /// Sends a PUBACK/PUBREC now, or holds it (and every later one, to keep their order) until the log reaches
    /// <paramref name="durableAt"/> and the cluster has stored what <paramref name="queued"/> put in its queues.
    /// </summary>
    private void Acknowledge(Outgoing ack, long durableAt, List<Task>? queued = null)
    {
        if (durableAt == 0 && queued is null && _heldAcks.Count == 0)
        {
            TrySend(ack, droppable: false);
            return;
        }
        _heldAcks.Add(ack);
        _heldUntil = Math.Max(_heldUntil, durableAt);
        if (queued is not null)
        {
            (_heldQueued ??= []).AddRange(queued);
        }
    }

    /// <summary>After a read batch: waits for the log's sync and the cluster's queues that cover the batch, then sends the held acknowledgements.</summary>
    private async ValueTask ReleaseHeldAcksAsync()
    {
        if (_heldAcks.Count == 0)
        {
            return;
        }
        if (_heldUntil > 0 && _broker.Persistence is { } persistence)
        {
            await persistence.WhenDurableAsync(_heldUntil).ConfigureAwait(false);
        }
        if (_heldQueued is { Count: > 0 } queued)
        {
            try
            {
                await Task.WhenAll(queued).ConfigureAwait(false);
            }
            catch (Exception e)
            {
                // Not stored for every session it is for: no acknowledgement, so the client publishes it again.
                _broker.Logger.LogWarning("A message could not be queued in the cluster for a persistent session ({Reason}); its publisher's connection is closed unacknowledged",
                    e.Message);
                _heldAcks.Clear();
                queued.Clear();
                Close();
                return;
            }
            queued.Clear();
        }
        foreach (var ack in _heldAcks)
        {
            TrySend(ack, droppable: false);
        }
        _heldAcks.Clear();
        _heldUntil = 0;
    }
}
