using System.IO.Pipelines;
using System.Net.WebSockets;

namespace Vigil.Mqtt;

/// <summary>
/// A duplex pipe over a WebSocket carrying MQTT in binary frames (MQTT 5.0 §6): frames are a byte
/// stream, packets may span frames. Used by the server endpoint and by the client alike.
/// </summary>
public sealed class WebSocketPipe : IDuplexPipe, IAsyncDisposable
{
    private readonly WebSocket _socket;
    private readonly Pipe _incoming = new();
    private readonly Pipe _outgoing = new();
    private readonly Task _receiving;
    private readonly Task _sending;

    /// <summary>Starts pumping between the socket and the pipes.</summary>
    public WebSocketPipe(WebSocket socket)
    {
        _socket = socket;
        _receiving = ReceiveAsync();
        _sending = SendAsync();
    }

    /// <inheritdoc />
    public PipeReader Input => _incoming.Reader;

    /// <inheritdoc />
    public PipeWriter Output => _outgoing.Writer;

    /// <summary>Completes when both directions have finished.</summary>
    public Task Completion => Task.WhenAll(_receiving, _sending);

    private async Task ReceiveAsync()
    {
        var writer = _incoming.Writer;
        try
        {
            while (true)
            {
                var memory = writer.GetMemory(4096);
                var result = await _socket.ReceiveAsync(memory, CancellationToken.None).ConfigureAwait(false);
                if (result.MessageType == WebSocketMessageType.Close)
                {
                    break;
                }
                if (result.MessageType != WebSocketMessageType.Binary)
                {
                    throw new InvalidDataException("MQTT over WebSocket uses binary frames only");
                }
                writer.Advance(result.Count);
                if ((await writer.FlushAsync().ConfigureAwait(false)).IsCompleted)
                {
                    break;
                }
            }
            await writer.CompleteAsync().ConfigureAwait(false);
        }
        catch (Exception e)
        {
            await writer.CompleteAsync(e is WebSocketException or OperationCanceledException ? null : e).ConfigureAwait(false);
        }
    }

    private async Task SendAsync()
    {
        var reader = _outgoing.Reader;
        try
        {
            while (true)
            {
                var result = await reader.ReadAsync().ConfigureAwait(false);
                foreach (var segment in result.Buffer)
                {
                    await _socket.SendAsync(segment, WebSocketMessageType.Binary, endOfMessage: true, CancellationToken.None).ConfigureAwait(false);
                }
                reader.AdvanceTo(result.Buffer.End);
                if (result.IsCompleted || result.IsCanceled)
                {
                    break;
                }
            }
            if (_socket.State == WebSocketState.Open)
            {
                await _socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, null, CancellationToken.None).ConfigureAwait(false);
            }
        }
        catch (Exception e) when (e is WebSocketException or OperationCanceledException or ObjectDisposedException)
        {
        }
        finally
        {
            await reader.CompleteAsync().ConfigureAwait(false);
            _incoming.Writer.CancelPendingFlush();
        }
    }

    /// <summary>Waits for the pumps and releases the socket.</summary>
    public async ValueTask DisposeAsync()
    {
        await _outgoing.Writer.CompleteAsync().ConfigureAwait(false);
        await _sending.ConfigureAwait(false);
        _socket.Abort();
        await _receiving.ConfigureAwait(false);
        _socket.Dispose();
    }
}
