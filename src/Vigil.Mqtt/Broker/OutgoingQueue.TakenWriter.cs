using System.IO.Pipelines;

namespace Vigil.Mqtt.Broker;

// A sender in the reader's place: when the reader is idle, the packet is written by the thread that sends it, and
// the queue stores nothing.
internal sealed partial class OutgoingQueue
{
    private ValueTask<FlushResult>? _unfinishedFlush; // the taken writer's flush, left for the reader to await

    /// <summary>
    /// True when the reader waits with nothing queued and no hold: the caller then owns the output instead of the
    /// reader, writes its packet and flushes, and must call <see cref="ReturnWriter"/>. Meanwhile other packets queue.
    /// </summary>
    public bool TryTakeWriter()
    {
        lock (_items)
        {
            if (!_waiting || _held || _completed || _items.Count > 0)
            {
                return false;
            }
            _waiting = false; // so no one else takes it, and packets queue until ReturnWriter
            return true;
        }
    }

    /// <summary>
    /// Gives the output back after <see cref="TryTakeWriter"/>. The reader stays asleep unless packets came in
    /// meanwhile, the queue was completed, or <paramref name="flush"/> has not simply succeeded (it waits for room,
    /// failed, or found the peer gone): then the reader wakes and awaits that flush before anything else.
    /// </summary>
    public void ReturnWriter(ValueTask<FlushResult> flush)
    {
        var settled = false;
        if (flush.IsCompletedSuccessfully)
        {
            var result = flush.Result;
            settled = !result.IsCompleted;
            flush = new ValueTask<FlushResult>(result); // its source, if it has one, may not be read twice
        }
        lock (_items)
        {
            if (settled && !_completed && (_items.Count == 0 || _held))
            {
                _waiting = true; // a Release wakes it for what was queued during the hold
                return;
            }
            if (!settled)
            {
                _unfinishedFlush = flush;
            }
        }
        _signal.SetResult(true);
    }

    /// <summary>The reader, once woken: a flush a taken writer left unfinished, to be awaited first (once).</summary>
    public ValueTask<FlushResult>? TakeUnfinishedFlush()
    {
        lock (_items)
        {
            var flush = _unfinishedFlush;
            _unfinishedFlush = null;
            return flush;
        }
    }
}
