using System.Buffers;
using System.Threading.Tasks.Sources;

namespace Vigil.Mqtt.Transport;

// The sending half: one loop per connection, resumed inline by whoever flushes the output pipe.
internal sealed partial class EventLoopConnection : IValueTaskSource
{
    private const int MostVectors = 16;

    private ManualResetValueTaskSourceCore<bool> _room;
    private bool _waitingForRoom;

    private async Task SendLoopAsync()
    {
        var reader = _output.Reader;
        Exception? error = null;
        try
        {
            while (true)
            {
                var result = await reader.ReadAsync().ConfigureAwait(false);
                var buffer = result.Buffer;
                while (!buffer.IsEmpty)
                {
                    var sent = SendSome(buffer);
                    if (sent > 0)
                    {
                        buffer = buffer.Slice(sent);
                    }
                    else if (sent == -LinuxSockets.EAGAIN)
                    {
                        await WaitForRoomAsync().ConfigureAwait(false);
                    }
                    else if (sent != -LinuxSockets.EINTR)
                    {
                        throw new IOException($"MQTT connection send failed: errno {-sent}");
                    }
                }
                reader.AdvanceTo(buffer.End);
                if (result.IsCompleted || result.IsCanceled)
                {
                    break;
                }
            }
        }
        catch (Exception e) when (e is IOException or ObjectDisposedException)
        {
            error = e; // the peer went away or the connection was aborted
        }
        finally
        {
            await reader.CompleteAsync(error).ConfigureAwait(false);
        }
    }

    private unsafe long SendSome(in ReadOnlySequence<byte> buffer)
    {
        var vectors = stackalloc LinuxSockets.IoVector[MostVectors];
        if (buffer.IsSingleSegment)
        {
            fixed (byte* bytes = buffer.FirstSpan)
            {
                vectors[0] = new LinuxSockets.IoVector { Base = bytes, Length = (nuint)buffer.FirstSpan.Length };
                return LinuxSockets.Send(_socket.SafeHandle, vectors, 1);
            }
        }
        var pins = new Pins();
        var count = 0;
        try
        {
            foreach (var segment in buffer)
            {
                if (segment.IsEmpty)
                {
                    continue;
                }
                pins[count] = segment.Pin();
                vectors[count] = new LinuxSockets.IoVector { Base = (byte*)pins[count].Pointer, Length = (nuint)segment.Length };
                if (++count == MostVectors)
                {
                    break;
                }
            }
            return LinuxSockets.Send(_socket.SafeHandle, vectors, count);
        }
        finally
        {
            for (var i = 0; i < count; i++)
            {
                pins[i].Dispose();
            }
        }
    }

    [System.Runtime.CompilerServices.InlineArray(MostVectors)]
    private struct Pins
    {
        private MemoryHandle _first;
    }

    private ValueTask WaitForRoomAsync()
    {
        lock (_interestLock)
        {
            if (_closed)
            {
                throw new ObjectDisposedException(nameof(EventLoopConnection));
            }
            _room.Reset();
            _waitingForRoom = true;
            UpdateInterest();
            return new ValueTask(this, _room.Version);
        }
    }

    /// <summary>The socket has room (or failed, or closed): the waiting sender tries again, inline on this thread.</summary>
    private void OnWritable()
    {
        lock (_interestLock)
        {
            if (!_waitingForRoom)
            {
                return;
            }
            _waitingForRoom = false;
            UpdateInterest();
        }
        _room.SetResult(true);
    }

    void IValueTaskSource.GetResult(short token) => _room.GetResult(token);

    ValueTaskSourceStatus IValueTaskSource.GetStatus(short token) => _room.GetStatus(token);

    void IValueTaskSource.OnCompleted(Action<object?> continuation, object? state, short token, ValueTaskSourceOnCompletedFlags flags) =>
        _room.OnCompleted(continuation, state, token, flags);
}
