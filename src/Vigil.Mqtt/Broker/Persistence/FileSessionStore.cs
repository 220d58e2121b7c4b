using System.Buffers.Binary;
using System.Threading.Channels;
using Microsoft.Extensions.Logging;

namespace Vigil.Mqtt.Broker.Persistence;

/// <summary>
/// Persistent sessions and retained messages in one append-only log, <c>sessions.log</c>, under a directory. Records
/// are appended by one writer that syncs each batch to disk before it reports the batch durable (group commit:
/// a publisher's PUBACK waits for the sync that covers its message). At start the log is replayed — a record cut
/// short or damaged at the end (a crash mid-write) is dropped and the file cut there — and rewritten compacted;
/// while running it is compacted again whenever it grows past four times what it holds.
/// </summary>
internal sealed class FileSessionStore : IAsyncDisposable
{
    private const string FileName = "sessions.log";
    private const long CompactAbove = 64L * 1024 * 1024;

    private readonly string _path;
    private readonly ILogger _logger;
    private readonly Channel<(byte[] Record, long Sequence)> _records = Channel.CreateUnbounded<(byte[], long)>(new UnboundedChannelOptions { SingleReader = true });
    private readonly List<(long Sequence, TaskCompletionSource Done)> _waiting = [];
    private readonly Task _writer;
    private readonly FileStream _lock;
    private FileStream _file;
    private long _appended;
    private long _durable;
    private long _deliveryIds;
    private long _nextCompactionCheck = CompactAbove;

    public FileSessionStore(string directory, ILogger logger)
    {
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
        _writer = Task.Run(WriteLoopAsync);
    }

    /// <summary>What the log held at start, then kept current by the writer.</summary>
    public StoredState State { get; }

    public long NextDeliveryId() => Interlocked.Increment(ref _deliveryIds);

    /// <summary>Queues a record; returns its sequence number for <see cref="WhenDurableAsync"/>.</summary>
    public long Append(byte[] record)
    {
        var sequence = Interlocked.Increment(ref _appended);
        _records.Writer.TryWrite((record, sequence));
        return sequence;
    }

    /// <summary>Completes once every record up to <paramref name="sequence"/> is on disk.</summary>
    public Task WhenDurableAsync(long sequence)
    {
        lock (_waiting)
        {
            if (sequence <= _durable)
            {
                return Task.CompletedTask;
            }
            var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            _waiting.Add((sequence, done));
            return done.Task;
        }
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

    private async Task WriteLoopAsync()
    {
        var reader = _records.Reader;
        var batch = new List<(byte[] Record, long Sequence)>();
        while (await reader.WaitToReadAsync().ConfigureAwait(false))
        {
            while (batch.Count < 4096 && reader.TryRead(out var item))
            {
                batch.Add(item);
            }
            foreach (var (record, _) in batch)
            {
                _file.Write(record);
                State.Apply(record);
            }
            _file.Flush(flushToDisk: true);
            Completed(batch[^1].Sequence);
            batch.Clear();
            if (_file.Length > _nextCompactionCheck)
            {
                if (_file.Length > 4 * State.Records().Sum(r => (long)r.Length))
                {
                    await _file.DisposeAsync().ConfigureAwait(false);
                    _file = Rewrite();
                }
                _nextCompactionCheck = Math.Max(CompactAbove, _file.Length * 3 / 2);
            }
        }
    }

    private void Completed(long sequence)
    {
        lock (_waiting)
        {
            _durable = sequence;
            _waiting.RemoveAll(w =>
            {
                if (w.Sequence > sequence)
                {
                    return false;
                }
                w.Done.TrySetResult();
                return true;
            });
        }
    }

    public async ValueTask DisposeAsync()
    {
        _records.Writer.TryComplete();
        await _writer.ConfigureAwait(false);
        await _file.DisposeAsync().ConfigureAwait(false);
        await _lock.DisposeAsync().ConfigureAwait(false);
    }
}
