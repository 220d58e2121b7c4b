using Vigil.Mqtt.Broker;
using Vigil.Mqtt.Protocol;

namespace Vigil.Mqtt.Tests.Broker;

public sealed class OutgoingQueueTests
{
    private readonly OutgoingQueue _queue = new();

    private static Outgoing Ack(ushort id) => new(new PublishAckPacket(PacketType.PubAck, id));

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
    public async Task Packets_come_out_in_the_order_they_were_queued()
    {
        for (ushort id = 1; id <= 100; id++)
        {
            Assert.True(_queue.TryWrite(Ack(id)));
        }
        Assert.True(await _queue.WaitToReadAsync());
        Assert.Equal(Enumerable.Range(1, 100).Select(i => (ushort)i), Drain());
    }

    [Fact]
    public async Task A_waiting_reader_wakes_when_a_packet_is_queued_and_can_wait_again()
    {
        for (ushort id = 1; id <= 3; id++)
        {
            var wait = _queue.WaitToReadAsync();
            Assert.False(wait.IsCompleted);
            Assert.True(_queue.TryWrite(Ack(id)));
            Assert.True(await wait);
            Assert.Equal([id], Drain());
        }
    }

    [Fact]
    public async Task Completing_lets_the_reader_take_what_is_left_then_reports_the_end()
    {
        var wait = _queue.WaitToReadAsync();
        _queue.TryWrite(Ack(7));
        Assert.True(await wait);
        _queue.Complete();

        Assert.False(_queue.TryWrite(Ack(8)));
        Assert.True(await _queue.WaitToReadAsync());
        Assert.Equal([7], Drain());
        Assert.False(await _queue.WaitToReadAsync());
    }

    [Fact]
    public async Task Completing_wakes_a_waiting_reader_with_false()
    {
        var wait = _queue.WaitToReadAsync();
        _queue.Complete();
        _queue.Complete();
        Assert.False(await wait);
    }

    [Fact]
    public async Task Packets_queued_during_a_hold_wake_the_reader_once_at_release()
    {
        var wait = _queue.WaitToReadAsync();
        _queue.Hold();
        _queue.TryWrite(Ack(1));
        _queue.TryWrite(Ack(2));
        Assert.False(wait.IsCompleted);

        _queue.Release();
        Assert.True(await wait);
        Assert.Equal([1, 2], Drain());
    }

    [Fact]
    public void Releasing_an_empty_hold_leaves_the_reader_waiting()
    {
        var wait = _queue.WaitToReadAsync();
        _queue.Hold();
        _queue.Release();
        Assert.False(wait.IsCompleted);
    }

    [Fact]
    public async Task Completing_during_a_hold_still_hands_over_the_held_packets()
    {
        var wait = _queue.WaitToReadAsync();
        _queue.Hold();
        _queue.TryWrite(Ack(9));
        _queue.Complete();

        Assert.True(await wait);
        Assert.Equal([9], Drain());
        Assert.False(await _queue.WaitToReadAsync());
    }

    [Fact]
    public async Task Many_writers_lose_no_packet_while_one_reader_drains()
    {
        var reader = Task.Run(async () =>
        {
            var count = 0;
            while (await _queue.WaitToReadAsync())
            {
                count += Drain().Count;
            }
            return count;
        });
        await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => Task.Run(() =>
        {
            for (ushort id = 1; id <= 10_000; id++)
            {
                Assert.True(_queue.TryWrite(Ack(id)));
            }
        })));
        _queue.Complete();
        Assert.Equal(40_000, await reader);
    }
}
