using System.Buffers;
using System.IO.Pipelines;
using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Logging.Abstractions;
using Vigil.Mqtt.Transport;

namespace Vigil.Mqtt.Tests.Transport;

/// <summary>One event-loop connection over a real loopback socket, driven directly rather than through the broker.</summary>
public sealed class EventLoopConnectionTests : IDisposable
{
    private readonly EventLoop _loop = new("test loop", NullLogger.Instance);

    [Fact]
    public async Task Input_the_reader_does_not_take_pauses_the_socket_and_resumes_without_losing_a_byte()
    {
        var (connection, peer) = await ConnectedPairAsync(threshold: 16 * 1024);
        var sent = new byte[32 * 1024 * 1024];
        Random.Shared.NextBytes(sent);

        var sending = peer.SendAsync(sent); // past the pipe's threshold and the kernel's buffers, read by nobody for now
        await Task.Delay(500);
        Assert.False(sending.IsCompleted);

        var received = await ReadUntilAsync(connection.Input, sent.Length);
        await sending;
        Assert.Equal(sent, received);
        peer.Dispose();
    }

    [Fact]
    public async Task Input_arriving_while_the_reader_holds_a_read_waits_and_comes_after_the_bytes_it_left_untaken()
    {
        var (connection, peer) = await ConnectedPairAsync(threshold: 64 * 1024);
        var sent = new byte[512 * 1024];
        Random.Shared.NextBytes(sent);
        await peer.SendAsync(sent.AsMemory(0, 100));
        var held = await connection.Input.ReadAsync().AsTask().WaitAsync(TimeSpan.FromSeconds(5));
        var first = held.Buffer.ToArray();

        // The loop may not move the bytes the reader holds: what comes now waits in the socket, not over them.
        var sending = peer.SendAsync(sent.AsMemory(first.Length));
        await Task.Delay(300);
        Assert.Equal(sent.AsSpan(0, first.Length).ToArray(), held.Buffer.ToArray());
        connection.Input.AdvanceTo(held.Buffer.GetPosition(10), held.Buffer.End); // ten taken, the rest examined

        var received = await ReadUntilAsync(connection.Input, sent.Length, taken: first[..10]);
        await sending;
        Assert.Equal(sent, received);
        peer.Dispose();
    }

    [Fact]
    public async Task Input_a_partial_packet_examined_is_read_again_only_with_the_bytes_that_complete_it()
    {
        var (connection, peer) = await ConnectedPairAsync(threshold: 64 * 1024);
        await peer.SendAsync(new byte[] { 1, 2, 3 });
        var partial = await connection.Input.ReadAsync().AsTask().WaitAsync(TimeSpan.FromSeconds(5));
        Assert.Equal(3, partial.Buffer.Length);
        connection.Input.AdvanceTo(partial.Buffer.Start, partial.Buffer.End); // nothing taken, all seen

        var next = connection.Input.ReadAsync().AsTask();
        await Task.Delay(200);
        Assert.False(next.IsCompleted); // nothing new: the reader waits rather than seeing the same three bytes again

        await peer.SendAsync(new byte[] { 4, 5 });
        var whole = await next.WaitAsync(TimeSpan.FromSeconds(5));
        Assert.Equal(new byte[] { 1, 2, 3, 4, 5 }, whole.Buffer.ToArray());
        connection.Input.AdvanceTo(whole.Buffer.End);
        peer.Dispose();
    }

    [Fact]
    public async Task Input_a_waiting_read_canceled_returns_canceled_and_the_next_read_gets_the_bytes()
    {
        var (connection, peer) = await ConnectedPairAsync(threshold: 64 * 1024);
        var waiting = connection.Input.ReadAsync().AsTask();
        connection.Input.CancelPendingRead();
        var canceled = await waiting.WaitAsync(TimeSpan.FromSeconds(5));
        Assert.True(canceled.IsCanceled);
        connection.Input.AdvanceTo(canceled.Buffer.End);

        await peer.SendAsync(new byte[] { 7 });
        var result = await connection.Input.ReadAsync().AsTask().WaitAsync(TimeSpan.FromSeconds(5));
        Assert.False(result.IsCanceled);
        Assert.Equal(new byte[] { 7 }, result.Buffer.ToArray());
        peer.Dispose();
    }

    [Fact]
    public async Task Output_larger_than_the_socket_takes_is_sent_whole_once_the_peer_reads()
    {
        var (connection, peer) = await ConnectedPairAsync(threshold: 64 * 1024);
        var sent = new byte[4 * 1024 * 1024];
        Random.Shared.NextBytes(sent);

        var writing = Task.Run(async () =>
        {
            for (var offset = 0; offset < sent.Length; offset += 100_000)
            {
                await connection.Output.WriteAsync(sent.AsMemory(offset, Math.Min(100_000, sent.Length - offset)));
            }
            await connection.Output.CompleteAsync();
        });
        await Task.Delay(300);

        var received = new byte[sent.Length];
        var total = 0;
        while (total < sent.Length)
        {
            var read = await peer.ReceiveAsync(received.AsMemory(total)).AsTask().WaitAsync(TimeSpan.FromSeconds(5));
            Assert.NotEqual(0, read);
            total += read;
        }
        await writing;
        await connection.Sending.WaitAsync(TimeSpan.FromSeconds(5));
        Assert.Equal(sent, received);
        peer.Dispose();
    }

    [Fact]
    public async Task The_peer_closing_ends_the_input_and_a_failed_send_reports_the_output_completed()
    {
        var (connection, peer) = await ConnectedPairAsync(threshold: 64 * 1024);
        await peer.SendAsync(new byte[] { 1, 2, 3 });
        peer.Close();

        var bytes = 0L;
        ReadResult result;
        do
        {
            result = await connection.Input.ReadAsync().AsTask().WaitAsync(TimeSpan.FromSeconds(5));
            bytes = result.Buffer.Length;
            connection.Input.AdvanceTo(result.Buffer.Start, result.Buffer.End);
        }
        while (!result.IsCompleted);
        Assert.Equal(3, bytes);

        var ended = false;
        for (var i = 0; i < 100 && !ended; i++)
        {
            ended = (await connection.Output.WriteAsync(new byte[1024])).IsCompleted; // the peer is gone: nobody reads
            await Task.Delay(10);
        }
        Assert.True(ended);
    }

    [Fact]
    public async Task Work_deferred_while_the_loop_hands_over_input_runs_on_its_thread_once_that_wake_up_is_handled()
    {
        var work = new RecordedWork();
        Assert.False(EventLoop.DeferToBatchEnd(work)); // not a loop's thread: refused, nothing recorded
        var (connection, peer) = await ConnectedPairAsync(threshold: 64 * 1024);
        var reading = Task.Run(async () =>
        {
            var result = await connection.Input.ReadAsync().ConfigureAwait(false); // resumed inline, on the loop's thread
            var deferred = EventLoop.DeferToBatchEnd(work);
            var ranAtOnce = work.RanOn.Task.IsCompleted;
            connection.Input.AdvanceTo(result.Buffer.End);
            return (deferred, ranAtOnce, Thread.CurrentThread.Name);
        });
        await Task.Delay(100); // the reader waits before the byte comes

        await peer.SendAsync(new byte[] { 1 });
        var (deferred, ranAtOnce, readOn) = await reading.WaitAsync(TimeSpan.FromSeconds(5));

        Assert.Equal("test loop", readOn);
        Assert.True(deferred);
        Assert.False(ranAtOnce);
        Assert.Equal("test loop", await work.RanOn.Task.WaitAsync(TimeSpan.FromSeconds(5)));
        peer.Dispose();
    }

    private sealed class RecordedWork : IBatchEndWork
    {
        public TaskCompletionSource<string?> RanOn { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public void OnBatchEnd() => RanOn.TrySetResult(Thread.CurrentThread.Name);
    }

    /// <summary>Reads and takes everything until, after the bytes already <paramref name="taken"/>, <paramref name="total"/> have come.</summary>
    private static async Task<byte[]> ReadUntilAsync(PipeReader input, int total, byte[]? taken = null)
    {
        var received = new ArrayBufferWriter<byte>();
        received.Write(taken ?? []);
        while (received.WrittenCount < total)
        {
            var result = await input.ReadAsync().AsTask().WaitAsync(TimeSpan.FromSeconds(5));
            foreach (var segment in result.Buffer)
            {
                received.Write(segment.Span);
            }
            input.AdvanceTo(result.Buffer.End);
        }
        return received.WrittenSpan.ToArray();
    }

    private async Task<(EventLoopConnection Connection, Socket Peer)> ConnectedPairAsync(int threshold)
    {
        using var listener = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        listener.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        listener.Listen();
        var peer = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        await peer.ConnectAsync(listener.LocalEndPoint!);
        var accepted = await listener.AcceptAsync();
        LinuxSockets.SetNonBlocking(accepted.SafeHandle);
        var connection = new EventLoopConnection(_loop, accepted, threshold);
        _loop.Add(connection);
        return (connection, peer);
    }

    public void Dispose() => _loop.Dispose();
}
