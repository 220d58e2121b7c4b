using System.Collections.Concurrent;
using System.Runtime.InteropServices;
using Microsoft.Extensions.Logging;

namespace Vigil.Mqtt.Transport;

/// <summary>
/// One thread waiting in <c>epoll_wait</c> for the sockets of its connections, reading each on that
/// thread and handing the bytes to the broker inline, as mosquitto's loop does: no thread-pool hop
/// between a packet arriving and the deliveries it causes being sent. Only this thread reads sockets,
/// writes the input pipes and closes sockets; other threads post that work here.
/// </summary>
internal sealed unsafe class EventLoop : IDisposable
{
    private const int Capacity = 256;
    private const ulong WakeUp = 0;

    [ThreadStatic] private static EventLoop? t_running;

    private readonly int _epoll;
    private readonly int _wakeUp;
    private readonly ConcurrentDictionary<ulong, EventLoopConnection> _connections = new();
    private readonly ConcurrentQueue<(EventLoopConnection Connection, LoopWork Work)> _posted = new();
    private readonly Thread _thread;
    private readonly ILogger _logger;
    private readonly List<IBatchEndWork> _atBatchEnd = [];
    private volatile bool _stopping;
    private volatile bool _dead;
    private int _signalled;
    private long _nextId;

    public EventLoop(string name, ILogger logger)
    {
        _logger = logger;
        _epoll = LinuxSockets.EpollCreate();
        _wakeUp = LinuxSockets.EventFd();
        LinuxSockets.EpollAddRaw(_epoll, _wakeUp, LinuxSockets.EPOLLIN, WakeUp);
        _thread = new Thread(Run) { IsBackground = true, Name = name };
        _thread.Start();
    }

    public int Epoll => _epoll;

    public int Count => _connections.Count;

    /// <summary>The loop's thread has stopped on an error: it takes no more connections.</summary>
    public bool IsDead => _dead;

    /// <summary>Starts watching a connection's socket for input.</summary>
    public void Add(EventLoopConnection connection)
    {
        connection.Id = (ulong)Interlocked.Increment(ref _nextId);
        _connections[connection.Id] = connection;
        connection.StartReading();
    }

    /// <summary>Runs <paramref name="work"/> for <paramref name="connection"/> on the loop's thread.</summary>
    public void Post(EventLoopConnection connection, LoopWork work)
    {
        if (_dead)
        {
            connection.Run(work); // no loop thread left to do it
            return;
        }
        _posted.Enqueue((connection, work));
        if (Interlocked.Exchange(ref _signalled, 1) == 0)
        {
            LinuxSockets.Signal(_wakeUp);
        }
    }

    /// <summary>
    /// On a loop's thread, while it handles the sockets one <c>epoll_wait</c> reported: runs <paramref name="work"/>
    /// once they are all handled, before the loop waits again; false (nothing done) on any other thread.
    /// </summary>
    public static bool DeferToBatchEnd(IBatchEndWork work)
    {
        if (t_running is not { } loop)
        {
            return false;
        }
        loop._atBatchEnd.Add(work);
        return true;
    }

    public void Forget(EventLoopConnection connection) => _connections.TryRemove(connection.Id, out _);

    /// <summary>Closes every connection of this loop (on the loop's thread).</summary>
    public void CloseAll()
    {
        foreach (var connection in _connections.Values)
        {
            Post(connection, LoopWork.Close);
        }
    }

    private void Run()
    {
        var events = (LinuxSockets.EpollEvent*)NativeMemory.Alloc(Capacity, (nuint)sizeof(LinuxSockets.EpollEvent));
        t_running = this;
        try
        {
            while (!_stopping)
            {
                var count = LinuxSockets.EpollWait(_epoll, events, Capacity);
                for (var i = 0; i < count; i++)
                {
                    Dispatch(events[i].Data, events[i].Events);
                }
                for (var i = 0; i < _atBatchEnd.Count; i++)
                {
                    _atBatchEnd[i].OnBatchEnd();
                }
                _atBatchEnd.Clear();
            }
        }
        catch (Exception e)
        {
            // Nothing on this thread is expected to throw; if it does, every connection of the loop would hang.
            _logger.LogCritical(e, "MQTT event loop {Name} stopped", _thread.Name);
            _dead = true;
            t_running = null;
            foreach (var work in _atBatchEnd)
            {
                work.OnBatchEnd();
            }
            foreach (var connection in _connections.Values)
            {
                connection.Abort();
            }
        }
        finally
        {
            NativeMemory.Free(events);
        }
    }

    private void Dispatch(ulong id, uint events)
    {
        if (id == WakeUp)
        {
            LinuxSockets.Drain(_wakeUp);
            Volatile.Write(ref _signalled, 0);
            while (_posted.TryDequeue(out var posted))
            {
                posted.Connection.Run(posted.Work);
            }
        }
        else if (_connections.TryGetValue(id, out var connection))
        {
            // A socket closed since epoll_wait returned is no longer in the map: its id is never reused.
            connection.OnEvents(events);
        }
    }

    public void Dispose()
    {
        _stopping = true;
        LinuxSockets.Signal(_wakeUp);
        _thread.Join(TimeSpan.FromSeconds(5));
        foreach (var connection in _connections.Values)
        {
            connection.Run(LoopWork.Close);
        }
        LinuxSockets.Close(_wakeUp);
        LinuxSockets.Close(_epoll);
    }
}

/// <summary>What another thread asks the loop to do for a connection.</summary>
internal enum LoopWork
{
    /// <summary>The broker has taken what the input pipe held: read the socket again.</summary>
    ResumeReading,

    /// <summary>The connection is over: close the socket and end its input.</summary>
    Close,
}
