using Vigil.Mqtt.Client;
using Vigil.Mqtt.Protocol;
using Vigil.Mqtt.Tests.Support;

namespace Vigil.Mqtt.Tests.Transport;

/// <summary>The event-loop TCP listener under the traffic that stresses a transport: big packets, stalled and vanishing peers.</summary>
public sealed class MqttTcpListenerTests
{
    private static readonly byte[] ConnectV5 = PacketWriter.ToArray(new ConnectPacket { ClientId = "raw", Version = MqttVersion.V500 }, MqttVersion.V500);

    [Fact]
    public async Task A_publish_larger_than_a_socket_read_and_the_output_pipe_arrives_whole()
    {
        await using var broker = TestBroker.Start();
        await using var subscriber = await broker.ConnectAsync("big-sub");
        await subscriber.SubscribeAsync("big/one", MqttQoS.AtLeastOnce);
        await using var publisher = await broker.ConnectAsync("big-pub");
        var payload = new byte[200_000];
        Random.Shared.NextBytes(payload);

        Assert.Equal(0, await publisher.PublishAsync(new MqttApplicationMessage { Topic = "big/one", Payload = payload, QoS = MqttQoS.AtLeastOnce }));

        Assert.Equal(payload, (await subscriber.ReceiveAsync()).Packet.Payload.ToArray());
    }

    [Fact]
    public async Task A_subscriber_that_stops_reading_does_not_hold_up_the_others()
    {
        await using var broker = TestBroker.Start();
        using var stalled = await broker.ConnectRawAsync();
        await stalled.SendAsync(ConnectV5);
        await stalled.SendAsync(new SubscribePacket { PacketId = 1, Subscriptions = [new TopicSubscription("flood/#", MqttQoS.AtMostOnce)] }, MqttVersion.V500);
        await using var reader = await broker.ConnectAsync("reader");
        await reader.SubscribeAsync("flood/#", MqttQoS.AtLeastOnce);
        await using var publisher = await broker.ConnectAsync("flooder");
        var chunk = new byte[16 * 1024];

        // 32 MiB towards a socket nobody reads: far past what the kernel buffers, so its sends must wait for room.
        for (var i = 0; i < 2_000; i++)
        {
            Assert.Equal(0, await publisher.PublishAsync(new MqttApplicationMessage { Topic = $"flood/{i}", Payload = chunk, QoS = MqttQoS.AtLeastOnce }));
        }

        var received = 0;
        while (received < 2_000)
        {
            var message = await reader.ReceiveAsync();
            Assert.Equal($"flood/{received}", message.Topic);
            await reader.AcknowledgeAsync(message);
            received++;
        }
    }

    [Fact]
    public async Task Connections_closed_by_their_peers_in_any_way_are_released()
    {
        await using var broker = TestBroker.Start();
        for (var i = 0; i < 10; i++)
        {
            var client = await broker.ConnectAsync($"gone-{i}", i % 2 == 0 ? MqttVersion.V500 : MqttVersion.V311);
            if (i < 5)
            {
                await client.DisconnectAsync();
            }
            await client.AbortAsync();
            using var silent = await broker.ConnectRawAsync(); // closed before sending CONNECT
        }
        using var halfway = await broker.ConnectRawAsync();
        await halfway.SendAsync(ConnectV5[..5]);
        halfway.Dispose();

        var deadline = DateTime.UtcNow.AddSeconds(5);
        while (broker.Listener.ConnectionCount > 0 && DateTime.UtcNow < deadline)
        {
            await Task.Delay(50);
        }
        Assert.Equal(0, broker.Listener.ConnectionCount);
        Assert.Equal(0, broker.Broker.Statistics.ClientsConnected);
    }

    [Fact]
    public async Task Clients_coming_and_going_while_messages_flow_to_them_leave_nothing_behind()
    {
        await using var broker = TestBroker.Start(eventLoops: 2);
        await using var publisher = await broker.ConnectAsync("churn-pub");
        using var stop = new CancellationTokenSource();
        var publishing = Task.Run(async () =>
        {
            for (var i = 0; !stop.IsCancellationRequested; i++)
            {
                await publisher.PublishAsync($"churn/{i % 50}", new string('x', 200), MqttQoS.AtLeastOnce);
            }
        });

        // Each client subscribes and leaves in its own way while deliveries to it may be on their way out.
        await Parallel.ForEachAsync(Enumerable.Range(0, 400), new ParallelOptions { MaxDegreeOfParallelism = 16 }, async (i, _) =>
        {
            var client = await broker.ConnectAsync($"churn-{i}", i % 2 == 0 ? MqttVersion.V500 : MqttVersion.V311);
            await client.SubscribeAsync($"churn/{i % 50}", MqttQoS.AtLeastOnce);
            await Task.Delay(i % 7);
            if (i % 3 == 0)
            {
                await client.DisconnectAsync();
            }
            await client.AbortAsync();
        });
        stop.Cancel();
        await publishing;

        var deadline = DateTime.UtcNow.AddSeconds(5);
        while (broker.Listener.ConnectionCount > 1 && DateTime.UtcNow < deadline)
        {
            await Task.Delay(50);
        }
        Assert.Equal(1, broker.Listener.ConnectionCount); // the publisher
        Assert.Equal(1, broker.Broker.Statistics.ClientsConnected);
        Assert.Equal(0, await publisher.PublishAsync("churn/after", "still served", MqttQoS.AtLeastOnce));
    }

    [Fact]
    public async Task Connections_on_different_event_loops_deliver_to_each_other()
    {
        await using var broker = TestBroker.Start(eventLoops: 3);
        var clients = new List<MqttClient>();
        for (var i = 0; i < 6; i++)
        {
            var client = await broker.ConnectAsync($"ring-{i}");
            await client.SubscribeAsync($"ring/{i}", MqttQoS.AtLeastOnce);
            clients.Add(client);
        }

        for (var i = 0; i < 6; i++)
        {
            await clients[i].PublishAsync($"ring/{(i + 1) % 6}", $"from {i}", MqttQoS.AtLeastOnce);
        }

        for (var i = 0; i < 6; i++)
        {
            Assert.Equal($"from {(i + 5) % 6}", (await clients[i].ReceiveAsync()).PayloadText);
            await clients[i].DisposeAsync();
        }
    }

    [Fact]
    public async Task A_v5_client_hears_that_the_server_is_shutting_down_before_its_socket_closes()
    {
        var broker = TestBroker.Start();
        using var raw = await broker.ConnectRawAsync();
        await raw.SendAsync(ConnectV5);
        var connAck = await raw.ReadAsync(2);
        await raw.ReadAsync(connAck[1]);

        await broker.DisposeAsync();

        var rest = await raw.ReadUntilClosedAsync();
        Assert.Equal(0xE0, rest[0]);
        Assert.Equal(0x8B, rest[2]);
    }
}
