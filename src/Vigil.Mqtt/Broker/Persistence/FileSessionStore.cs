using System.Buffers.Binary;
using Microsoft.Extensions.Logging;

namespace Vigil.Mqtt.Broker.Persistence;

/// <summary>
/// Persistent sessions and retained messages in one append-only log, <c>sessions.log</c>, under a directory. Records
/// are appended by one writer that syncs each batch to disk before it reports the batch durable (group commit:
/// a publisher's PUBACK waits for the sync that covers its message), on a thread of its own that waits a short commit
/// delay after the first record so that one sync covers everything that arrives meanwhile. At start the log is replayed — a record cut
/// short or damaged at the end (a crash mid-write) is dropped and the file cut there — and rewritten compacted;
/// while running it is compacted again whenever it grows past four times what it holds.
/// </summary>
internal sealed class FileSessionStore : IAsyncDisposable
{
    private const string FileName = "sessions.log";
    private const long CompactAbove = 64L * 1024 * 1024;

    private readonly string _path;
    private readonly ILogger _logger;
    private readonly Queue<(byte[] Record, long Sequence)> _queue = new(); // under _queueGate, in sequence order
    private readonly object _queueGate = new(); // Monitor: the writer waits on it
    private readonly List<(long Sequence, IDurableCallback Callback)> _waiting = [];
    private readonly Thread _writer;
    private readonly TaskCompletionSource _writerDone = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TimeSpan _commitDelay;
    private bool _writerWaiting;
    private bool _closed;
    private readonly FileStream _lock;
    private FileStream _file;
    private long _appended;
    private long _durable;
    private long _deliveryIds;
    private long _nextCompactionCheck = CompactAbove;

    public FileSessionStore(string directory, ILogger logger, TimeSpan commitDelay = default)
    {
        _commitDelay = commitDelay;
        Directory.CreateDirectory(directory);
        _path = Path.Combine(directory, FileName);
        try
        {
            _lock = new FileStream(Path.Combine(directory, "sessions.lock"), FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
        }
        catch (IOException)
        {
            throw new InvalidOperationException(
                $"The session log in {directory} is in use by another broker: give each node a data directory (or a persistence directory) of its own.");
        }
        _logger = logger;
        State = Replay();
        _deliveryIds = State.MaxDeliveryId;
        _file = Rewrite();
        _writer = new Thread(WriteLoop) { IsBackground = true, Name = "vigil-session-log" };
        _writer.Start();
    }

    /// <summary>What the log held at start, then kept current by the writer.</summary>
    public StoredState State { get; }

    public long NextDeliveryId() => Interlocked.Increment(ref _deliveryIds);

    /// <summary>Queues a record; returns its sequence number for <see cref="WhenDurableAsync"/> and <see cref="OnDurable"/>.</summary>
    public long Append(byte[] record)
    {
        lock (_queueGate)
        {
            var sequence = ++_appended;
            _queue.Enqueue((record, sequence));
            if (_writerWaiting)
            {
                Monitor.Pulse(_queueGate);
            }
            return sequence;
        }
    }

    /// <summary>Completes once every record up to <paramref name="sequence"/> is on disk.</summary>
    public Task WhenDurableAsync(long sequence)
    {
        var waiter = new DurableTask();
        OnDurable(sequence, waiter);
        return waiter.Task;
    }

    /// <summary>
    /// Calls <paramref name="callback"/> once every record up to <paramref name="sequence"/> is on disk: at once when
    /// they are, else on the writer's thread after the sync, callbacks in the order they were registered.
    /// </summary>
    public void OnDurable(long sequence, IDurableCallback callback)
    {
        lock (_waiting)
        {
            if (sequence > _durable)
            {
                _waiting.Add((sequence, callback));
                return;
            }
        }
        callback.Durable();
    }

    private StoredState Replay()
    {
        var state = new StoredState();
        if (!File.Exists(_path))
        {
            return state;
        }
        var bytes = File.ReadAllBytes(_path);
        var at = 0;
        while (at + 8 <= bytes.Length)
        {
            var length = BinaryPrimitives.ReadInt32LittleEndian(bytes.AsSpan(at));
            if (length < 9 || at + 8 + length > bytes.Length
                || Crc32.Of(bytes.AsSpan(at + 8, length)) != BinaryPrimitives.ReadUInt32LittleEndian(bytes.AsSpan(at + 4)))
            {
                break;
            }
            state.Apply(bytes.AsSpan(at, 8 + length).ToArray());
            at += 8 + length;
        }
        if (at < bytes.Length)
        {
            _logger.LogWarning("The session log {Path} ends in a damaged or incomplete record ({Bytes} bytes, written when the server stopped mid-write): it was dropped",
                _path, bytes.Length - at);
        }
        return state;
    }

    /// <summary>Writes the current state as a fresh log beside the old one, syncs it and puts it in its place.</summary>
    private FileStream Rewrite()
    {
        var fresh = _path + ".new";
        using (var output = new FileStream(fresh, FileMode.Create, FileAccess.Write, FileShare.None, 1 << 16))
        {
            foreach (var record in State.Records())
            {
                output.Write(record);
            }
            output.Flush(flushToDisk: true);
        }
        File.Move(fresh, _path, overwrite: true);
        return new FileStream(_path, FileMode.Append, FileAccess.Write, FileShare.Read, 1 << 16);
    }

    private void WriteLoop()
    {
        var batch = new List<(byte[] Record, long Sequence)>();
        try
        {
            while (TakeBatch(batch))
            {
                foreach (var (record, _) in batch)
                {
                    _file.Write(record);
                    State.Apply(record);
                }
                _file.Flush(flushToDisk: true);
                Completed(batch[^1].Sequence);
                batch.Clear();
                CompactIfGrown();
            }
            _writerDone.TrySetResult();
        }
        catch (Exception e)
        {
            _logger.LogCritical(e, "The session log {Path} cannot be written: acknowledgements that wait for it stop", _path);
            _writerDone.TrySetException(e);
        }
    }

    /// <summary>Waits for records, then for the commit delay (so that one sync covers what arrives meanwhile), and takes them; false once closed and empty.</summary>
    private bool TakeBatch(List<(byte[] Record, long Sequence)> batch)
    {
        lock (_queueGate)
        {
            while (_queue.Count == 0 && !_closed)
            {
                _writerWaiting = true;
                Monitor.Wait(_queueGate);
                _writerWaiting = false;
            }
            if (_queue.Count == 0)
            {
                return false;
            }
        }
        if (_commitDelay > TimeSpan.Zero && !_closed)
        {
            Thread.Sleep(_commitDelay);
        }
        lock (_queueGate)
        {
            while (batch.Count < 4096 && _queue.TryDequeue(out var item))
            {
                batch.Add(item);
            }
        }
        return true;
    }

    private void CompactIfGrown()
    {
        if (_file.Position <= _nextCompactionCheck)
        {
            return;
        }
        if (_file.Position > 4 * State.Records().Sum(r => (long)r.Length))
        {
            _file.Dispose();
            _file = Rewrite();
        }
        _nextCompactionCheck = Math.Max(CompactAbove, _file.Position * 3 / 2);
    }

    private void Completed(long sequence)
    {
        List<IDurableCallback>? due = null;
        lock (_waiting)
        {
            _durable = sequence;
            _waiting.RemoveAll(w =>
            {
                if (w.Sequence > sequence)
                {
                    return false;
                }
                (due ??= []).Add(w.Callback);
                return true;
            });
        }
        foreach (var callback in due ?? [])
        {
            callback.Durable();
        }
    }

    private sealed class DurableTask : TaskCompletionSource, IDurableCallback
    {
        public DurableTask() : base(TaskCreationOptions.RunContinuationsAsynchronously)
        {
        }

        public void Durable() => TrySetResult();
    }

    public async ValueTask DisposeAsync()
    {
        lock (_queueGate)
        {
            _closed = true;
            Monitor.Pulse(_queueGate);
        }
        try
        {
            await _writerDone.Task.ConfigureAwait(false);
        }
        catch (Exception)
        {
            // logged by the writer when it failed
        }
        await _file.DisposeAsync().ConfigureAwait(false);
        await _lock.DisposeAsync().ConfigureAwait(false);
    }
}
