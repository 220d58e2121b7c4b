using System.IO.Pipelines;
using System.Threading.Tasks.Sources;

namespace Vigil.Mqtt.Transport;

// The sending half, the connection's own PipeWriter: packets are written into one rented buffer and FlushAsync
// sends them at once, on the flushing thread. Only when the socket is full does a flush wait, for the loop's
// EPOLLOUT. An idle connection holds no buffer, and there is no pipe or send loop per connection.
internal sealed partial class EventLoopConnection : PipeWriter, IValueTaskSource<FlushResult>
{
    private const int MinimumBuffer = 4096;

    private byte[]? _buffer; // rented while anything is written and unsent
    private int _start; // unsent bytes are [_start, _end)
    private int _end;
    private bool _broken; // the peer is gone or the socket closed: what is written is dropped
    private bool _waitingForRoom; // unsent bytes wait for EPOLLOUT: a pending flush, or the tail after Complete
    private bool _flushPending;
    private bool _outputCompleted;
    private TaskCompletionSource? _drained; // made only if the broker completes the output with bytes unsent
    private ManualResetValueTaskSourceCore<FlushResult> _flush;
    private CancellationTokenRegistration _flushCancellation;

    /// <summary>Ends when everything the broker wrote before completing the output has been sent, or cannot be.</summary>
    public Task Sending => _drained?.Task ?? Task.CompletedTask;

    public override Memory<byte> GetMemory(int sizeHint = 0)
    {
        var start = Reserve(sizeHint); // before reading _buffer, which it may replace
        return _buffer.AsMemory(start);
    }

    public override Span<byte> GetSpan(int sizeHint = 0)
    {
        var start = Reserve(sizeHint);
        return _buffer.AsSpan(start);
    }

    public override void Advance(int bytes) => _end += bytes;

    public override ValueTask<FlushResult> FlushAsync(CancellationToken cancellationToken = default)
    {
        // While bytes wait for room only the loop thread sends (after a canceled flush, say): no second sender.
        if (!Volatile.Read(ref _waitingForRoom) && TrySend())
        {
            return new ValueTask<FlushResult>(new FlushResult(isCanceled: false, isCompleted: _broken));
        }
        lock (_interestLock)
        {
            _flush.Reset();
            _flushPending = true;
            _waitingForRoom = true;
            UpdateInterest();
        }
        if (cancellationToken.CanBeCanceled)
        {
            _flushCancellation = cancellationToken.UnsafeRegister(static (state, token) => ((EventLoopConnection)state!).EndFlush(token), this);
        }
        return new ValueTask<FlushResult>(this, _flush.Version);
    }

    /// <summary>Ends a waiting flush as canceled; the bytes stay queued for the loop, so the writer may only complete after it.</summary>
    public override void CancelPendingFlush() => EndFlush(CancellationToken.None, canceled: true);

    public override void Complete(Exception? exception = null)
    {
        if (_outputCompleted)
        {
            return;
        }
        _outputCompleted = true;
        if (!Volatile.Read(ref _waitingForRoom) && TrySend())
        {
            return;
        }
        lock (_interestLock)
        {
            _drained = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            _waitingForRoom = true;
            UpdateInterest();
        }
    }

    /// <summary>Sends what is unsent until the socket is full; true when nothing is left (all sent, or dropped on a broken socket).</summary>
    private bool TrySend()
    {
        while (_start < _end && !_broken)
        {
            int sent;
            try
            {
                sent = LinuxSockets.Send(_socket.SafeHandle, _buffer.AsSpan(_start, _end - _start));
            }
            catch (ObjectDisposedException)
            {
                sent = -1; // closed by Abort
            }
            if (sent > 0)
            {
                _start += sent;
            }
            else if (sent == -LinuxSockets.EAGAIN)
            {
                return false;
            }
            else if (sent != -LinuxSockets.EINTR)
            {
                _broken = true;
            }
        }
        PooledBytes.Release(ref _buffer, ref _start, ref _end);
        return true;
    }

    /// <summary>Room for <paramref name="sizeHint"/> more bytes after the unsent ones; returns where writing starts.</summary>
    private int Reserve(int sizeHint)
    {
        PooledBytes.Reserve(ref _buffer, ref _start, ref _end, Math.Max(sizeHint, 1), MinimumBuffer);
        return _end;
    }

    /// <summary>The socket has room (or failed, or closed): the unsent bytes go out, inline on this thread.</summary>
    private void OnWritable()
    {
        lock (_interestLock)
        {
            if (!_waitingForRoom)
            {
                return;
            }
        }
        if (!TrySend())
        {
            return; // still full: EPOLLOUT stays wanted
        }
        lock (_interestLock)
        {
            _waitingForRoom = false;
            UpdateInterest();
        }
        _drained?.TrySetResult();
        EndFlush(CancellationToken.None);
    }

    /// <summary>Resumes a waiting flush: sent (or broken), canceled by the caller, or its token canceled (which throws).</summary>
    private void EndFlush(CancellationToken token, bool canceled = false)
    {
        lock (_interestLock)
        {
            if (!_flushPending)
            {
                return;
            }
            _flushPending = false;
        }
        if (token.IsCancellationRequested)
        {
            _flush.SetException(new OperationCanceledException(token)); // its registration is the caller: not disposed from inside
        }
        else
        {
            _flushCancellation.Dispose();
            _flush.SetResult(new FlushResult(canceled, isCompleted: _broken));
        }
    }

    FlushResult IValueTaskSource<FlushResult>.GetResult(short token) => _flush.GetResult(token);

    ValueTaskSourceStatus IValueTaskSource<FlushResult>.GetStatus(short token) => _flush.GetStatus(token);

    void IValueTaskSource<FlushResult>.OnCompleted(Action<object?> continuation, object? state, short token, ValueTaskSourceOnCompletedFlags flags) =>
        _flush.OnCompleted(continuation, state, token, flags);
}
