using System.IO.Pipelines;

namespace Vigil.Mqtt.Client;

/// <summary>A stream as a duplex pipe, owning the socket under it.</summary>
internal sealed class StreamDuplexPipe(Stream stream, IDisposable socket) : IDuplexPipe, IAsyncDisposable
{
    public PipeReader Input { get; } = PipeReader.Create(stream);
    public PipeWriter Output { get; } = PipeWriter.Create(stream);

    public async ValueTask DisposeAsync()
    {
        await stream.DisposeAsync().ConfigureAwait(false);
        socket.Dispose();
    }
}
