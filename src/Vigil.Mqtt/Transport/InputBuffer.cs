using System.IO.Pipelines;
using System.Threading.Tasks.Sources;

namespace Vigil.Mqtt.Transport;

/// <summary>
/// The receiving half of an <see cref="EventLoopConnection"/>: what the loop received and the broker has not taken
/// yet, in one rented array (returned whenever everything is taken, so an idle connection holds none), read through
/// <see cref="PipeReader"/>. A waiting read resumes inline on the thread that hands over bytes: the loop's. It replaces
/// a <see cref="Pipe"/>, whose pipe, reader, writer and segment objects were about 500 bytes of every connection.
/// </summary>
internal sealed partial class InputBuffer : PipeReader, IValueTaskSource<ReadResult>
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
            // The bytes the reader holds may not move, and past the threshold the reader must take some first.
            if (_buffer is not null && _buffer.Length - _end < sizeHint && (_readInProgress || _end - _start >= _pauseThreshold))
            {
                _paused = true;
                return Memory<byte>.Empty;
            }
            _examined -= PooledBytes.Reserve(ref _buffer, ref _start, ref _end, sizeHint, sizeHint);
            _receiving = true;
            return _buffer!.AsMemory(_end);
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

    private void ReturnBuffer()
    {
        PooledBytes.Release(ref _buffer, ref _start, ref _end);
        _examined = 0;
    }
}
