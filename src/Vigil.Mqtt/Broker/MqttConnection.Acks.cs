namespace Vigil.Mqtt.Broker;

// PUBACK and PUBREC wait, in order, until the session log holds what they acknowledge (group commit per read batch).
internal sealed partial class MqttConnection
{
    private readonly List<Outgoing> _heldAcks = [];
    private long _heldUntil;

    /// <summary>Sends a PUBACK/PUBREC now, or holds it (and every later one, to keep their order) until the log reaches <paramref name="durableAt"/>.</summary>
    private void Acknowledge(Outgoing ack, long durableAt)
    {
        if (durableAt == 0 && _heldAcks.Count == 0)
        {
            TrySend(ack, droppable: false);
            return;
        }
        _heldAcks.Add(ack);
        _heldUntil = Math.Max(_heldUntil, durableAt);
    }

    /// <summary>After a read batch: waits for the log's sync that covers the batch, then sends the held acknowledgements.</summary>
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
        foreach (var ack in _heldAcks)
        {
            TrySend(ack, droppable: false);
        }
        _heldAcks.Clear();
        _heldUntil = 0;
    }
}
