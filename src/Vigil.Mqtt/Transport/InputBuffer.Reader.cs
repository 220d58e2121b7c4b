using System.Buffers;
using System.IO.Pipelines;
using System.Runtime.ExceptionServices;
using System.Threading.Tasks.Sources;

namespace Vigil.Mqtt.Transport;

// The broker's side: PipeReader over the untaken bytes, a waiting read resumed by the loop's hand-over.
internal sealed partial class InputBuffer
{
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

    ReadResult IValueTaskSource<ReadResult>.GetResult(short token) => _read.GetResult(token);

    ValueTaskSourceStatus IValueTaskSource<ReadResult>.GetStatus(short token) => _read.GetStatus(token);

    void IValueTaskSource<ReadResult>.OnCompleted(Action<object?> continuation, object? state, short token, ValueTaskSourceOnCompletedFlags flags) =>
        _read.OnCompleted(continuation, state, token, flags);
}
