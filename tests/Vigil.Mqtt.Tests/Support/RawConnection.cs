using System.Net.Sockets;
using Vigil.Mqtt.Protocol;

namespace Vigil.Mqtt.Tests.Support;

/// <summary>A socket that sends bytes verbatim and reads what comes back until the broker closes.</summary>
public sealed class RawConnection(TcpClient tcp) : IDisposable
{
    private readonly NetworkStream _stream = tcp.GetStream();

    public Task SendAsync(params byte[] bytes) => _stream.WriteAsync(bytes).AsTask();

    public Task SendAsync(MqttPacket packet, MqttVersion version) => SendAsync(PacketWriter.ToArray(packet, version));

    /// <summary>Everything the broker sends until it closes the connection (fails if it does not within the timeout).</summary>
    public async Task<byte[]> ReadUntilClosedAsync(TimeSpan? timeout = null)
    {
        using var cancel = new CancellationTokenSource(timeout ?? TimeSpan.FromSeconds(5));
        var received = new MemoryStream();
        var buffer = new byte[4096];
        while (true)
        {
            int read;
            try
            {
                read = await _stream.ReadAsync(buffer, cancel.Token);
            }
            catch (IOException)
            {
                break;
            }
            if (read == 0)
            {
                break;
            }
            received.Write(buffer, 0, read);
        }
        return received.ToArray();
    }

    /// <summary>Reads exactly <paramref name="count"/> bytes.</summary>
    public async Task<byte[]> ReadAsync(int count)
    {
        var buffer = new byte[count];
        await _stream.ReadExactlyAsync(buffer).AsTask().WaitAsync(TimeSpan.FromSeconds(5));
        return buffer;
    }

    public void Dispose() => tcp.Dispose();
}
