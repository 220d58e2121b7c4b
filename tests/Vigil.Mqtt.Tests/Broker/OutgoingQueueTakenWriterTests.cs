using System.IO.Pipelines;
using Vigil.Mqtt.Broker;
using Vigil.Mqtt.Protocol;

namespace Vigil.Mqtt.Tests.Broker;

public sealed class OutgoingQueueTakenWriterTests
{
    private readonly OutgoingQueue _queue = new();

    private static Outgoing Ack(ushort id) => new(new PublishAckPacket(PacketType.PubAck, id));

    private static ValueTask<FlushResult> Flushed(bool peerGone = false) => new(new FlushResult(isCanceled: false, isCompleted: peerGone));

    private List<ushort> Drain()
    {
        var ids = new List<ushort>();
        while (_queue.TryRead(out var item))
        {
            ids.Add(((PublishAckPacket)item.Packet!).PacketId);
        }
        return ids;
    }

    [Fact]
    public void A_sender_takes_the_place_of_an_idle_reader_and_gives_it_back_without_waking_it()
    {
        var wait = _queue.WaitToReadAsync();

        Assert.True(_queue.TryTakeWriter());
        Assert.False(_queue.TryTakeWriter()); // one writer at a time
        _queue.ReturnWriter(Flushed());

        Assert.False(wait.IsCompleted);
        Assert.Null(_queue.TakeUnfinishedFlush());
        Assert.True(_queue.TryTakeWriter()); // idle again, so the next sender may write too
    }

    [Fact]
    public void The_writer_is_not_taken_while_the_reader_is_busy_held_has_packets_or_is_completed()
    {
        Assert.False(_queue.TryTakeWriter()); // the reader has not started waiting

        _ = _queue.WaitToReadAsync();
        _queue.Hold();
        Assert.False(_queue.TryTakeWriter());
        _queue.TryWrite(Ack(1));
        _queue.Release();
        Assert.False(_queue.TryTakeWriter()); // woken for packet 1, which must go first

        Assert.Equal([1], Drain());
        _ = _queue.WaitToReadAsync();
        _queue.Complete();
        Assert.False(_queue.TryTakeWriter());
    }

    [Fact]
    public async Task Packets_queued_while_the_writer_is_taken_wake_the_reader_when_it_is_given_back()
    {
        var wait = _queue.WaitToReadAsync();
        Assert.True(_queue.TryTakeWriter());
        Assert.True(_queue.TryWrite(Ack(2)));
        Assert.True(_queue.TryWrite(Ack(3)));
        Assert.False(wait.IsCompleted); // the taken writer owns the output until it gives it back

        _queue.ReturnWriter(Flushed());
        Assert.True(wait.IsCompleted);
        Assert.True(await wait);
        Assert.Null(_queue.TakeUnfinishedFlush());
        Assert.Equal([2, 3], Drain());
    }

    [Fact]
    public async Task A_flush_that_has_not_finished_is_handed_to_the_reader_to_await_first()
    {
        var wait = _queue.WaitToReadAsync();
        var room = new TaskCompletionSource<FlushResult>();
        Assert.True(_queue.TryTakeWriter());
        _queue.ReturnWriter(new ValueTask<FlushResult>(room.Task));

        Assert.True(wait.IsCompleted);
        Assert.True(await wait);
        var unfinished = _queue.TakeUnfinishedFlush();
        Assert.True(unfinished.HasValue);
        Assert.Null(_queue.TakeUnfinishedFlush()); // awaited once
        Assert.False(unfinished.Value.IsCompleted);
        room.SetResult(new FlushResult(isCanceled: false, isCompleted: false));
        Assert.False((await unfinished.Value).IsCompleted);
    }

    [Fact]
    public async Task A_failed_flush_or_a_peer_gone_reaches_the_reader()
    {
        var wait = _queue.WaitToReadAsync();
        Assert.True(_queue.TryTakeWriter());
        _queue.ReturnWriter(ValueTask.FromException<FlushResult>(new IOException("reset")));
        Assert.True(wait.IsCompleted);
        Assert.True(await wait);
        await Assert.ThrowsAsync<IOException>(async () => await _queue.TakeUnfinishedFlush()!.Value);

        wait = _queue.WaitToReadAsync();
        Assert.True(_queue.TryTakeWriter());
        _queue.ReturnWriter(Flushed(peerGone: true));
        Assert.True(wait.IsCompleted);
        Assert.True(await wait);
        Assert.True((await _queue.TakeUnfinishedFlush()!.Value).IsCompleted);
    }

    [Fact]
    public async Task Completing_while_the_writer_is_taken_ends_the_reader_once_it_is_given_back()
    {
        var wait = _queue.WaitToReadAsync();
        Assert.True(_queue.TryTakeWriter());
        _queue.TryWrite(Ack(4));
        _queue.Complete();
        Assert.False(wait.IsCompleted);

        _queue.ReturnWriter(Flushed());
        Assert.True(wait.IsCompleted);
        Assert.True(await wait);
        Assert.Equal([4], Drain());
        Assert.False(await _queue.WaitToReadAsync());
    }

    [Fact]
    public async Task Packets_queued_during_a_hold_while_the_writer_was_taken_wait_for_the_release()
    {
        var wait = _queue.WaitToReadAsync();
        Assert.True(_queue.TryTakeWriter());
        _queue.Hold();
        _queue.TryWrite(Ack(5));
        _queue.ReturnWriter(Flushed());
        Assert.False(wait.IsCompleted);

        _queue.Release();
        Assert.True(wait.IsCompleted);
        Assert.True(await wait);
        Assert.Equal([5], Drain());
    }
}
