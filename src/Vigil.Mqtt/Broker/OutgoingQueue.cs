using System.Threading.Tasks.Sources;
using Vigil.Mqtt.Transport;

namespace Vigil.Mqtt.Broker;

/// <summary>
/// The packets waiting for one connection's writer: any thread may write, one reader waits. An
/// unbounded channel would do the same but costs about 1.5 KiB per connection before the first packet
/// (a 32-slot segment and its operation objects); this one is a queue that grows on demand and a
/// single reusable waiter. A writer waiting for packets is resumed on the thread that queued one, as a
/// channel with synchronous continuations would: one thread hop less per delivered message.
/// </summary>
internal sealed class OutgoingQueue : IValueTaskSource<bool>, IBatchEndWork
{
    private readonly Queue<Outgoing> _items = new();
    private ManualResetValueTaskSourceCore<bool> _signal;
    private bool _waiting;
    private bool _completed;
    private bool _held;

    /// <summary>Queues a packet; false once the queue is completed.</summary>
    public bool TryWrite(Outgoing item)
    {
        lock (_items)
        {
            if (_completed)
            {
                return false;
            }
            _items.Enqueue(item);
            if (!_waiting || _held)
            {
                return true;
            }
            _waiting = false;
        }
        _signal.SetResult(true);
        return true;
    }

    /// <summary>
    /// Until <see cref="Release"/>, packets are queued without waking the reader: the connection's
    /// read loop holds it while it handles one read's packets, so that their answers (a PUBACK for
    /// each of a batch of PUBLISHes) go out in one flush rather than one flush each. Without a lock: a
    /// TryWrite racing with it may still wake the reader, which costs a flush and loses nothing.
    /// </summary>
    public void Hold() => Volatile.Write(ref _held, true);

    /// <summary>Ends a <see cref="Hold"/>, waking the reader if packets came in meanwhile.</summary>
    public void Release()
    {
        lock (_items)
        {
            _held = false;
            if (!_waiting || _items.Count == 0)
            {
                return;
            }
            _waiting = false;
        }
        _signal.SetResult(true);
    }

    /// <summary>
    /// Ends a <see cref="Hold"/> once the event loop this thread runs has handled every socket of its wake-up, or now
    /// on any other thread (or with nothing queued). A read batch's PUBACKs then go out after the deliveries that
    /// other connections' PUBLISHes of the same wake-up cause, as mosquitto's loop does: the message reaches its
    /// subscriber first, and its publisher's acknowledgement still leaves before the loop sleeps again.
    /// </summary>
    public void ReleaseAtBatchEnd()
    {
        lock (_items)
        {
            if (_items.Count == 0)
            {
                _held = false; // nothing queued, so no reader to wake: most reads (a subscriber's PUBACKs) end here
                return;
            }
        }
        if (!EventLoop.DeferToBatchEnd(this))
        {
            Release();
        }
    }

    void IBatchEndWork.OnBatchEnd() => Release();

    /// <summary>No more packets will be accepted; the reader still gets those already queued.</summary>
    public void Complete()
    {
        bool pending;
        lock (_items)
        {
            if (_completed)
            {
                return;
            }
            _completed = true;
            if (!_waiting)
            {
                return;
            }
            _waiting = false;
            pending = _items.Count > 0;
        }
        // Packets queued during a hold have not woken the reader yet: they still go out.
        _signal.SetResult(pending);
    }

    public bool TryRead(out Outgoing item)
    {
        lock (_items)
        {
            return _items.TryDequeue(out item);
        }
    }

    /// <summary>True when a packet is waiting, false when the queue is completed and empty. One caller at a time.</summary>
    public ValueTask<bool> WaitToReadAsync()
    {
        lock (_items)
        {
            if (_items.Count > 0)
            {
                return new ValueTask<bool>(true);
            }
            if (_completed)
            {
                return new ValueTask<bool>(false);
            }
            _signal.Reset();
            _waiting = true;
            return new ValueTask<bool>(this, _signal.Version);
        }
    }

    bool IValueTaskSource<bool>.GetResult(short token) => _signal.GetResult(token);

    ValueTaskSourceStatus IValueTaskSource<bool>.GetStatus(short token) => _signal.GetStatus(token);

    void IValueTaskSource<bool>.OnCompleted(Action<object?> continuation, object? state, short token, ValueTaskSourceOnCompletedFlags flags) =>
        _signal.OnCompleted(continuation, state, token, flags);
}
