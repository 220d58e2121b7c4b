using System.IO.Pipelines;
using System.Net;
using System.Net.Sockets;

namespace Vigil.Mqtt.Transport;

/// <summary>
/// A TCP connection served by an <see cref="EventLoop"/>: the loop receives into <see cref="Input"/>
/// and the broker's reader runs inline on that thread; whoever flushes <see cref="Output"/> (the connection
/// itself) sends right away on its own thread, and waits for the loop's EPOLLOUT only when the socket is full.
/// </summary>
internal sealed partial class EventLoopConnection : IDuplexPipe
{
    private const int ReceiveSize = 4096;
    // One connection may not keep the loop to itself: past this the loop serves the others first.
    private const int MostPerEvent = 64 * 1024;

    private readonly EventLoop _loop;
    private readonly Socket _socket;
    private readonly InputBuffer _input;
    private readonly Lock _interestLock = new();
    private bool _registered;
    private bool _reading; // the loop wants input: not paused by a full pipe, not ended
    private bool _inputEnded; // loop thread only
    private bool _closed;
    private (bool Pending, Exception? Error) _endAfterResume; // the stream ended while the broker had not taken the last bytes

    // inputThreshold: the input must hold a whole packet of the largest size allowed, since the broker takes nothing
    // of a packet until all of it has arrived; past it the loop stops receiving from this socket until the broker takes bytes.
    public EventLoopConnection(EventLoop loop, Socket socket, int inputThreshold)
    {
        _input = new InputBuffer(this, _interestLock, inputThreshold);
        _loop = loop;
        _socket = socket;
        RemoteEndPoint = socket.RemoteEndPoint;
    }

    public ulong Id { get; set; }
    public EventLoop Loop => _loop;
    public EndPoint? RemoteEndPoint { get; }
    public PipeReader Input => _input;
    public PipeWriter Output => this;

    public void StartReading()
    {
        lock (_interestLock)
        {
            _reading = true;
            UpdateInterest();
        }
    }

    /// <summary>On the loop thread: what epoll reported for this socket.</summary>
    public void OnEvents(uint events)
    {
        var hangUp = (events & (LinuxSockets.EPOLLERR | LinuxSockets.EPOLLHUP)) != 0;
        if ((events & LinuxSockets.EPOLLIN) != 0 || hangUp)
        {
            Receive(drain: hangUp);
        }
        if ((events & LinuxSockets.EPOLLOUT) != 0 || hangUp)
        {
            OnWritable();
        }
    }

    /// <summary>On the loop thread: posted work.</summary>
    public void Run(LoopWork work)
    {
        if (work == LoopWork.ResumeReading)
        {
            if (_endAfterResume.Pending)
            {
                EndInput(_endAfterResume.Error);
            }
            else if (!_inputEnded)
            {
                StartReading();
            }
        }
        else
        {
            Abort();
        }
    }

    /// <summary>On the loop thread (or after it stopped): closes the socket and ends the input.</summary>
    public void Abort()
    {
        lock (_interestLock)
        {
            if (_closed)
            {
                return;
            }
            _closed = true;
            _reading = false;
            UpdateInterest();
        }
        EndInput(null);
        _loop.Forget(this);
        _socket.Dispose();
        OnWritable(); // a sender waiting for room fails on the closed socket
    }

    private void Receive(bool drain)
    {
        if (_inputEnded || !Volatile.Read(ref _reading))
        {
            return;
        }
        var total = 0;
        Exception? error = null;
        var ended = false;
        while (total < MostPerEvent)
        {
            var memory = _input.GetReceiveMemory(ReceiveSize);
            if (memory.IsEmpty)
            {
                break; // no room until the broker takes bytes: it resumes the loop then
            }
            var received = LinuxSockets.Receive(_socket.SafeHandle, memory.Span);
            _input.Received(Math.Max(received, 0));
            if (received > 0)
            {
                total += received;
                if (received < memory.Length && !drain)
                {
                    break; // level-triggered: epoll says so if more came meanwhile
                }
            }
            else if (received == 0)
            {
                ended = true;
                break;
            }
            else if (received == -LinuxSockets.EINTR)
            {
                continue;
            }
            else
            {
                if (received != -LinuxSockets.EAGAIN)
                {
                    error = new IOException($"MQTT connection receive failed: errno {-received}");
                    ended = true;
                }
                break;
            }
        }
        // The broker reads inline here; the loop goes on receiving only if it took enough.
        if (!_input.HandOver())
        {
            StopReading();
            if (ended)
            {
                _endAfterResume = (true, error);
            }
            return;
        }
        if (ended)
        {
            EndInput(error);
        }
    }

    /// <summary>From the reader's thread: it took bytes after the loop had stopped for want of room.</summary>
    public void ResumeReceiving() => _loop.Post(this, LoopWork.ResumeReading);

    private void StopReading()
    {
        lock (_interestLock)
        {
            _reading = false;
            UpdateInterest();
        }
    }

    private void EndInput(Exception? error)
    {
        if (_inputEnded)
        {
            return;
        }
        _inputEnded = true;
        StopReading();
        _input.End(error);
    }

    /// <summary>Under the interest lock: (re)registers the socket for what is wanted now, or removes it.</summary>
    private void UpdateInterest()
    {
        var wanted = (_reading ? LinuxSockets.EPOLLIN : 0) | (_waitingForRoom ? LinuxSockets.EPOLLOUT : 0);
        if (_closed || wanted == 0)
        {
            if (_registered)
            {
                _registered = false;
                _ = LinuxSockets.EpollControl(_loop.Epoll, LinuxSockets.EPOLL_CTL_DEL, _socket.SafeHandle, 0, Id);
            }
            return;
        }
        var operation = _registered ? LinuxSockets.EPOLL_CTL_MOD : LinuxSockets.EPOLL_CTL_ADD;
        _registered = LinuxSockets.EpollControl(_loop.Epoll, operation, _socket.SafeHandle, wanted, Id) == 0;
    }
}
