using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Vigil.Mqtt.Broker;

namespace Vigil.Mqtt.Transport;

/// <summary>
/// Serves plain MQTT over TCP on Linux event loops of its own (epoll), outside the thread pool: each
/// loop thread reads its sockets and runs the broker's work for what arrived inline, and sends go out
/// from the thread that produced them. The rest of the process (HTTP, database and NATS clients)
/// keeps the runtime's default socket engine.
/// </summary>
public sealed class MqttTcpListener : IAsyncDisposable
{
    private static readonly TimeSpan SendGracePeriod = TimeSpan.FromSeconds(5);

    private readonly MqttBroker _broker;
    private readonly Socket _listener;
    private readonly EventLoop[] _loops;
    private readonly CancellationTokenSource _stop = new();
    private readonly ILogger _logger;
    private readonly int _inputThreshold;
    private Task _accepting = Task.CompletedTask;
    private int _next;

    /// <summary>Binds <paramref name="endPoint"/> (port 0 picks a free one) and starts <paramref name="loops"/> event-loop threads.</summary>
    /// <exception cref="PlatformNotSupportedException">Not Linux on x86-64; see <see cref="IsSupported"/>.</exception>
    /// <exception cref="SocketException">The address cannot be bound (for example, the port is taken).</exception>
    public MqttTcpListener(MqttBroker broker, IPEndPoint endPoint, int loops = 1, ILogger? logger = null)
    {
        if (!IsSupported)
        {
            throw new PlatformNotSupportedException("The MQTT event-loop listener needs Linux on x86-64.");
        }
        ArgumentOutOfRangeException.ThrowIfLessThan(loops, 1);
        _broker = broker;
        _inputThreshold = Math.Max(64 * 1024, broker.Options.MaximumPacketSize + 16 * 1024);
        _logger = logger ?? NullLogger.Instance;
        _listener = new Socket(endPoint.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
        try
        {
            _listener.Bind(endPoint);
            _listener.Listen(1024);
        }
        catch
        {
            _listener.Dispose();
            throw;
        }
        _loops = [.. Enumerable.Range(0, loops).Select(i => new EventLoop($"MQTT event loop {i}", _logger))];
        LocalEndPoint = (IPEndPoint)_listener.LocalEndPoint!;
    }

    /// <summary>Whether this platform has the listener: Linux on x86-64.</summary>
    public static bool IsSupported => LinuxSockets.IsSupported;

    /// <summary>The bound address and port.</summary>
    public IPEndPoint LocalEndPoint { get; }

    /// <summary>The connections being served now.</summary>
    public int ConnectionCount => _loops.Sum(loop => loop.Count);

    /// <summary>Starts accepting connections.</summary>
    public void Start() => _accepting = Task.Run(AcceptAsync);

    private async Task AcceptAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            Socket socket;
            try
            {
                socket = await _listener.AcceptAsync(_stop.Token).ConfigureAwait(false);
            }
            catch (Exception e) when (e is OperationCanceledException or ObjectDisposedException)
            {
                return;
            }
            catch (SocketException e)
            {
                // EMFILE and the like: back off rather than spin on a listener that keeps failing.
                _logger.LogWarning("MQTT accept failed: {Error}", e.SocketErrorCode);
                await Task.Delay(100).ConfigureAwait(false);
                continue;
            }
            Serve(socket);
        }
    }

    private void Serve(Socket socket)
    {
        EventLoopConnection connection;
        try
        {
            socket.NoDelay = true;
            // Set on the descriptor rather than through Socket.Blocking, which would also build the runtime's async
            // context for a socket it never serves.
            LinuxSockets.SetNonBlocking(socket.SafeHandle);
            connection = new EventLoopConnection(NextLoop() ?? throw new IOException("every MQTT event loop has stopped"), socket, _inputThreshold);
        }
        catch (Exception e) when (e is SocketException or IOException)
        {
            socket.Dispose(); // reset before we got to it
            return;
        }
        _ = ServeAsync(connection); // the loops know every live connection; DisposeAsync waits for them
    }

    private EventLoop? NextLoop()
    {
        for (var tried = 0; tried < _loops.Length; tried++)
        {
            var loop = _loops[_next++ % _loops.Length];
            if (!loop.IsDead)
            {
                return loop;
            }
        }
        return null;
    }

    private async Task ServeAsync(EventLoopConnection connection)
    {
        var loop = connection.Loop;
        loop.Add(connection);
        try
        {
            // No cancellation token: a registration per connection costs memory, and DisposeAsync closes the sockets.
            await _broker.HandleConnectionAsync(connection, connection.RemoteEndPoint, CancellationToken.None).ConfigureAwait(false);
            // The broker's last packets (a refusing CONNACK, a DISCONNECT) still go out before the socket closes.
            await connection.Sending.WaitAsync(SendGracePeriod).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
            // The peer stopped reading: what is left unsent is dropped with the connection.
        }
        finally
        {
            loop.Post(connection, LoopWork.Close);
        }
    }

    /// <summary>Stops accepting, ends every connection and stops the loops.</summary>
    public async ValueTask DisposeAsync()
    {
        if (_stop.IsCancellationRequested)
        {
            return;
        }
        _stop.Cancel();
        _listener.Dispose();
        await _accepting.ConfigureAwait(false);
        foreach (var loop in _loops)
        {
            loop.CloseAll(); // the broker has normally told them already (DISCONNECT 0x8B) and closed them
        }
        var deadline = Environment.TickCount64 + (long)(SendGracePeriod * 2).TotalMilliseconds;
        while (ConnectionCount > 0 && Environment.TickCount64 < deadline)
        {
            await Task.Delay(20).ConfigureAwait(false);
        }
        foreach (var loop in _loops)
        {
            loop.Dispose();
        }
        _stop.Dispose();
    }
}
