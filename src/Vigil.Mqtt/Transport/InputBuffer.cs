using System.Buffers;
using System.IO.Pipelines;
using System.Runtime.ExceptionServices;
using System.Threading.Tasks.Sources;

namespace Vigil.Mqtt.Transport;

/// <summary>
/// The receiving half of an <see cref="EventLoopConnection"/>: what the loop received and the broker has not taken
/// yet, in one rented array (returned whenever everything is taken, so an idle connection holds none), read through
/// <see cref="PipeReader"/>. A waiting read resumes inline on the thread that hands over bytes: the loop's. It replaces
/// a <see cref="Pipe"/>, whose pipe, reader, writer and segment objects were about 500 bytes of every connection.
/// </summary>
internal sealed class InputBuffer : PipeReader, IValueTaskSource<ReadResult>
{
    private readonly EventLoopConnection _connection; // told when a paused loop may receive again
    private readonly Lock _lock; // the connection's: the loop hands over bytes while the broker reads on another thread
    private readonly int _pauseThreshold;
    private byte[]? _buffer;
    private int _start; // untaken bytes are [_start, _end); the reader has examined up to _examined
    private int _end;
    private int _examined;
    private bool _receiving; // the loop is writing after _end: the array may not be returned or moved
    private bool _readInProgress; // the reader holds [_start, _end) until AdvanceTo: no byte of it may move
    private bool _readerWaiting;
    private bool _cancelNextRead;
    private bool _paused; // the loop stopped receiving for want of room; AdvanceTo lets it go on
    private bool _readerCompleted;
    private bool _ended;
    private Exception? _error;
    private ManualResetValueTaskSourceCore<ReadResult> _read;

    /// <param name="connection">The connection whose loop receives; told when it may receive again.</param>
    /// <param name="connectionLock">The connection's lock, shared rather than one more object per connection.</param>
    /// <param name="pauseThreshold">Untaken bytes at which the loop stops receiving until the reader takes some. It must
    /// exceed the largest packet the reader waits for whole.</param>
    public InputBuffer(EventLoopConnection connection, Lock connectionLock, int pauseThreshold)
    {
        _connection = connection;
        _lock = connectionLock;
        _pauseThreshold = pauseThreshold;
    }

    /// <summary>On the loop thread: room for at least <paramref name="sizeHint"/> bytes after the untaken ones, empty when there is
    /// none now (the reader holds the bytes, or has too many untaken); then the loop stops and is resumed. <see cref="Received"/> follows.</summary>
    public Memory<byte> GetReceiveMemory(int sizeHint)
    {
        lock (_lock)
        {
            if (_readerCompleted || _ended)
            {
                return Memory<byte>.Empty;
            }
            if (_buffer is null)
            {
                _buffer = ArrayPool<byte>.Shared.Rent(sizeHint);
            }
            else if (_buffer.Length - _end < sizeHint)
            {
                var untaken = _end - _start;
                if (_readInProgress || untaken >= _pauseThreshold)
                {
                    _paused = true;
                    return Memory<byte>.Empty;
                }
                var buffer = untaken + sizeHint <= _buffer.Length ? _buffer : ArrayPool<byte>.Shared.Rent(Math.Max(_buffer.Length * 2, untaken + sizeHint));
                Buffer.BlockCopy(_buffer, _start, buffer, 0, untaken);
                if (!ReferenceEquals(buffer, _buffer))
                {
                    ArrayPool<byte>.Shared.Return(_buffer);
                    _buffer = buffer;
                }
                _examined -= _start;
                _start = 0;
                _end = untaken;
            }
            _receiving = true;
            return _buffer.AsMemory(_end);
        }
    }

    /// <summary>On the loop thread, after <see cref="GetReceiveMemory"/>: <paramref name="bytes"/> (possibly none) were received there.</summary>
    public void Received(int bytes)
    {
        lock (_lock)
        {
            _receiving = false;
            _end += bytes;
            if (_readerCompleted || _start == _end)
            {
                ReturnBuffer();
            }
        }
    }

    /// <summary>
    /// On the loop thread: hands what was received to a waiting read, which runs inline. Then whether the loop may go on
    /// receiving: false when the reader is gone, or there was no room, or it has too many bytes untaken (in those two
    /// cases AdvanceTo resumes the loop).
    /// </summary>
    public bool HandOver()
    {
        WakeReader(canceled: false);
        lock (_lock)
        {
            if (_readerCompleted || _paused)
            {
                return false;
            }
            _paused = _end - _start >= _pauseThreshold;
            return !_paused;
        }
    }

    /// <summary>On the loop thread: the stream ended (with <paramref name="error"/> when it failed); the reader gets the rest, then the end.</summary>
    public void End(Exception? error)
    {
        lock (_lock)
        {
            if (_ended)
            {
                return;
            }
            _ended = true;
            _error = error;
        }
        WakeReader(canceled: false);
    }

    public override ValueTask<ReadResult> ReadAsync(CancellationToken cancellationToken = default)
    {
        if (cancellationToken.CanBeCanceled)
        {
            // The broker reads without a token (Close cancels its pending read); a token would need a registration per read.
            throw new NotSupportedException("Reading the MQTT event-loop input takes no cancellation token; CancelPendingRead ends a read.");
        }
        lock (_lock)
        {
            if (TryTakeResult(out var result))
            {
                return new ValueTask<ReadResult>(result);
            }
            _read.Reset();
            _readerWaiting = true;
            return new ValueTask<ReadResult>(this, _read.Version);
        }
    }

    public override bool TryRead(out ReadResult result)
    {
        lock (_lock)
        {
            return TryTakeResult(out result);
        }
    }

    public override void AdvanceTo(SequencePosition consumed) => AdvanceTo(consumed, consumed);

    public override void AdvanceTo(SequencePosition consumed, SequencePosition examined)
    {
        bool resume;
        lock (_lock)
        {
            if (!_readInProgress)
            {
                throw new InvalidOperationException("AdvanceTo without a read to complete.");
            }
            var taken = IndexOf(consumed);
            var seen = IndexOf(examined);
            if (taken < _start || seen < taken || seen > _end)
            {
                throw new ArgumentOutOfRangeException(nameof(consumed), "The positions are not within the last read's bytes, in order.");
            }
            _readInProgress = false;
            _start = taken;
            _examined = seen;
            if (_start == _end && !_receiving)
            {
                ReturnBuffer();
            }
            resume = _paused && _end - _start < _pauseThreshold;
            _paused &= !resume;
        }
        if (resume)
        {
            _connection.ResumeReceiving();
        }
    }

    public override void CancelPendingRead()
    {
        lock (_lock)
        {
            _cancelNextRead = true;
        }
        WakeReader(canceled: true);
    }

    public override void Complete(Exception? exception = null)
    {
        lock (_lock)
        {
            _readerCompleted = true;
            _readInProgress = false;
            if (!_receiving)
            {
                ReturnBuffer();
            }
        }
    }

    /// <summary>Under the lock: a result now if there is one to give (new bytes, a canceled read, the end), taking the bytes for the reader.</summary>
    private bool TryTakeResult(out ReadResult result)
    {
        if (_readerCompleted || _readInProgress || _readerWaiting)
        {
            throw new InvalidOperationException(_readerCompleted ? "The input was completed." : "A read is already in progress.");
        }
        var canceled = _cancelNextRead;
        if (!canceled && !_ended && _end <= _examined)
        {
            result = default;
            return false;
        }
        if (_error is { } error && !canceled)
        {
            ExceptionDispatchInfo.Throw(error);
        }
        _cancelNextRead = false;
        _readInProgress = true;
        // Empty, it is the shared empty sequence: the array may be returned before the reader advances.
        var bytes = _start == _end ? ReadOnlySequence<byte>.Empty : new ReadOnlySequence<byte>(_buffer!, _start, _end - _start);
        result = new ReadResult(bytes, canceled, isCompleted: _ended);
        return true;
    }

    /// <summary>Resumes a waiting read if there is anything for it now.</summary>
    private void WakeReader(bool canceled)
    {
        ReadResult result;
        Exception? error = null;
        lock (_lock)
        {
            if (!_readerWaiting || !(canceled ? _cancelNextRead : _ended || _end > _examined))
            {
                return;
            }
            _readerWaiting = false;
            try
            {
                TryTakeResult(out result);
            }
            catch (Exception e)
            {
                result = default;
                error = e;
            }
        }
        if (error is null)
        {
            _read.SetResult(result);
        }
        else
        {
            _read.SetException(error);
        }
    }

    private int IndexOf(SequencePosition position)
    {
        // An empty read's positions belong to the shared empty array; the only place they can mean is the start.
        var array = position.GetObject();
        if (array is byte[] { Length: 0 })
        {
            return _start;
        }
        if (ReferenceEquals(array, _buffer))
        {
            return position.GetInteger();
        }
        throw new InvalidOperationException("The position is not from this input's last read.");
    }

    private void ReturnBuffer()
    {
        if (_buffer is { } buffer)
        {
            _buffer = null;
            ArrayPool<byte>.Shared.Return(buffer);
        }
        _start = _end = _examined = 0;
    }

    ReadResult IValueTaskSource<ReadResult>.GetResult(short token) => _read.GetResult(token);

    ValueTaskSourceStatus IValueTaskSource<ReadResult>.GetStatus(short token) => _read.GetStatus(token);

    void IValueTaskSource<ReadResult>.OnCompleted(Action<object?> continuation, object? state, short token, ValueTaskSourceOnCompletedFlags flags) =>
        _read.OnCompleted(continuation, state, token, flags);
}
