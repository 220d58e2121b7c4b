using Vigil.Mqtt.Protocol;
using Vigil.Mqtt.Tests.Support;

namespace Vigil.Mqtt.Tests.Broker;

/// <summary>Broken packets close only their own connection, with the right reason; everyone else carries on.</summary>
public sealed class MalformedInputTests : IAsyncLifetime
{
    private static readonly byte[] ConnectV5 = PacketWriter.ToArray(new ConnectPacket { ClientId = "raw", Version = MqttVersion.V500 }, MqttVersion.V500);
    private static readonly byte[] ConnectV311 = PacketWriter.ToArray(new ConnectPacket { ClientId = "raw", Version = MqttVersion.V311 }, MqttVersion.V311);

    private TestBroker _broker = null!;

    public Task InitializeAsync()
    {
        _broker = TestBroker.Start(o => o.MaximumPacketSize = 1024);
        return Task.CompletedTask;
    }

    public async Task DisposeAsync() => await _broker.DisposeAsync();

    /// <summary>Case name, bytes sent after a v5 CONNECT, expected DISCONNECT reason.</summary>
    public static TheoryData<string, byte[], byte> AfterConnect => new()
    {
        { "remaining length of 5 bytes", [0x30, 0xFF, 0xFF, 0xFF, 0xFF, 0x01], 0x81 },
        { "reserved flags on SUBSCRIBE", [0x80, 0x06, 0x00, 0x01, 0x00, 0x00, 0x01, 0x61], 0x81 },
        { "reserved flags on PINGREQ", [0xC1, 0x00], 0x81 },
        { "invalid UTF-8 in a topic", [0x30, 0x05, 0x00, 0x02, 0xC3, 0x28, 0x00], 0x81 },
        { "U+0000 in a topic", [0x30, 0x05, 0x00, 0x02, 0x61, 0x00, 0x00], 0x81 },
        { "QoS 3", [0x36, 0x06, 0x00, 0x01, 0x61, 0x00, 0x01, 0x00], 0x81 },
        { "wildcard in a PUBLISH topic", [0x30, 0x05, 0x00, 0x02, 0x61, 0x23, 0x00], 0x90 },
        { "second CONNECT", ConnectV5, 0x82 },
        { "oversize packet", [0x30, 0x80, 0x10], 0x95 },
        { "unknown property", [0x30, 0x07, 0x00, 0x01, 0x61, 0x02, 0x7F, 0x00, 0x00], 0x82 },
        { "duplicated property", [0x30, 0x08, 0x00, 0x01, 0x61, 0x04, 0x01, 0x00, 0x01, 0x00], 0x82 },
        { "packet type 0", [0x00, 0x00], 0x81 },
        { "CONNACK from a client", [0x20, 0x03, 0x00, 0x00, 0x00], 0x82 },
    };

    [Theory]
    [MemberData(nameof(AfterConnect))]
    public async Task A_broken_packet_after_connect_closes_that_connection_with_the_reason(string name, byte[] packet, byte reason)
    {
        await using var bystander = await _broker.ConnectAsync("bystander-" + name.GetHashCode());
        await bystander.SubscribeAsync("still/alive", MqttQoS.AtLeastOnce);
        using var raw = await _broker.ConnectRawAsync();
        await raw.SendAsync(ConnectV5);
        var connAck = await raw.ReadAsync(2);
        Assert.Equal(0x20, connAck[0]);
        await raw.ReadAsync(connAck[1]);

        await raw.SendAsync(packet);
        var answer = await raw.ReadUntilClosedAsync();

        Assert.Equal([0xE0, 0x02, reason, 0x00], answer);
        await bystander.PublishAsync("still/alive", name, MqttQoS.AtLeastOnce);
        Assert.Equal(name, (await bystander.ReceiveAsync()).PayloadText);
    }

    public static TheoryData<string, byte[]> BeforeConnect => new()
    {
        { "PUBLISH before CONNECT", [0x30, 0x03, 0x00, 0x01, 0x61] },
        { "PINGREQ before CONNECT", [0xC0, 0x00] },
        { "reserved CONNECT flag", [0x10, 0x0C, 0x00, 0x04, 0x4D, 0x51, 0x54, 0x54, 0x04, 0x03, 0x00, 0x3C, 0x00, 0x00] },
        { "password without user name in 3.1.1", [0x10, 0x0E, 0x00, 0x04, 0x4D, 0x51, 0x54, 0x54, 0x04, 0x42, 0x00, 0x3C, 0x00, 0x00, 0x00, 0x00] },
        { "garbage", [0xFF, 0xFF, 0xFF, 0xFF, 0xFF] },
    };

    [Theory]
    [MemberData(nameof(BeforeConnect))]
    public async Task A_broken_first_packet_closes_the_connection_without_an_answer(string name, byte[] packet)
    {
        using var raw = await _broker.ConnectRawAsync();
        await raw.SendAsync(packet);
        Assert.Empty(await raw.ReadUntilClosedAsync());
        _ = name;
    }

    [Fact]
    public async Task An_unknown_protocol_level_gets_connack_1_and_is_closed()
    {
        using var raw = await _broker.ConnectRawAsync();
        await raw.SendAsync(0x10, 0x0C, 0x00, 0x04, 0x4D, 0x51, 0x54, 0x54, 0x07, 0x02, 0x00, 0x3C, 0x00, 0x00);
        Assert.Equal([0x20, 0x02, 0x00, 0x01], await raw.ReadUntilClosedAsync());
    }

    [Fact]
    public async Task A_311_client_sending_garbage_is_closed_without_a_disconnect_packet()
    {
        using var raw = await _broker.ConnectRawAsync();
        await raw.SendAsync(ConnectV311);
        Assert.Equal([0x20, 0x02, 0x00, 0x00], await raw.ReadAsync(4));
        await raw.SendAsync(0x36, 0x06, 0x00, 0x01, 0x61, 0x00, 0x01, 0x00);
        Assert.Empty(await raw.ReadUntilClosedAsync());
    }

    [Fact]
    public async Task A_connection_that_never_sends_connect_is_closed_after_the_timeout()
    {
        await using var broker = TestBroker.Start(o => o.ConnectTimeout = TimeSpan.FromMilliseconds(300));
        using var raw = await broker.ConnectRawAsync();
        Assert.Empty(await raw.ReadUntilClosedAsync(TimeSpan.FromSeconds(3)));
    }

    [Fact]
    public async Task Random_bytes_never_take_the_broker_down()
    {
        await using var bystander = await _broker.ConnectAsync("random-bystander");
        await bystander.SubscribeAsync("random/alive", MqttQoS.AtLeastOnce);
        var random = new Random(20261124);
        for (var round = 0; round < 200; round++)
        {
            using var raw = await _broker.ConnectRawAsync();
            var prefix = round % 2 == 0 ? ConnectV5 : [];
            var noise = new byte[random.Next(1, 300)];
            random.NextBytes(noise);
            await raw.SendAsync([.. prefix, .. noise]);
            if (round % 10 == 0)
            {
                await raw.ReadUntilClosedAsync(TimeSpan.FromMilliseconds(300)).ContinueWith(_ => { });
            }
        }
        await bystander.PublishAsync("random/alive", "yes", MqttQoS.AtLeastOnce);
        Assert.Equal("yes", (await bystander.ReceiveAsync()).PayloadText);
    }
}
