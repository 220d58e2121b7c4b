using Vigil.Mqtt.Protocol;
using Vigil.Mqtt.Tests.Support;

namespace Vigil.Mqtt.Tests.Broker;

/// <summary>The delivery scenarios again, driven by mosquitto_pub and mosquitto_sub in both protocol versions.</summary>
public sealed class MosquittoInteropTests : IAsyncLifetime
{
    private TestBroker _broker = null!;

    public Task InitializeAsync()
    {
        _broker = TestBroker.Start();
        return Task.CompletedTask;
    }

    public async Task DisposeAsync() => await _broker.DisposeAsync();

    [Theory]
    [InlineData(Mosquitto.V311, 0)]
    [InlineData(Mosquitto.V311, 1)]
    [InlineData(Mosquitto.V311, 2)]
    [InlineData(Mosquitto.V5, 0)]
    [InlineData(Mosquitto.V5, 1)]
    [InlineData(Mosquitto.V5, 2)]
    public async Task Mosquitto_clients_exchange_messages_at_every_qos(string version, int qos)
    {
        using var subscriber = await Mosquitto.SubscribeAsync(_broker.Port, version, "interop/qos", count: 1, qos: 2);
        var (exit, error) = await Mosquitto.PublishAsync(_broker.Port, version, "interop/qos", $"at qos {qos}", qos);
        Assert.True(exit == 0, error);
        Assert.Equal([new Mosquitto.Received("interop/qos", $"at qos {qos}", qos, false)], await subscriber.MessagesAsync());
    }

    [Theory]
    [InlineData(Mosquitto.V311)]
    [InlineData(Mosquitto.V5)]
    public async Task A_retained_message_from_mosquitto_pub_reaches_a_later_mosquitto_sub_and_can_be_cleared(string version)
    {
        Assert.Equal(0, (await Mosquitto.PublishAsync(_broker.Port, version, "interop/retained", "kept", 1, retain: true)).ExitCode);
        using (var late = await Mosquitto.SubscribeAsync(_broker.Port, version, "interop/+", count: 1, qos: 1))
        {
            Assert.Equal([new Mosquitto.Received("interop/retained", "kept", 1, true)], await late.MessagesAsync());
        }
        Assert.Equal(0, (await Mosquitto.PublishAsync(_broker.Port, version, "interop/retained", "", 1, retain: true)).ExitCode);
        await using var check = await _broker.ConnectAsync("retained-check");
        await check.SubscribeAsync("interop/retained");
        Assert.Empty(await check.DrainAsync(400));
    }

    [Theory]
    [InlineData(Mosquitto.V311)]
    [InlineData(Mosquitto.V5)]
    public async Task Mosquitto_sub_on_a_wildcard_does_not_see_dollar_topics(string version)
    {
        using var subscriber = await Mosquitto.SubscribeAsync(_broker.Port, version, "#", count: 1, qos: 1);
        await using var publisher = await _broker.ConnectAsync("dollar-pub");
        await publisher.PublishAsync("$internal/x", "hidden", MqttQoS.AtLeastOnce);
        await publisher.PublishAsync("visible/x", "seen", MqttQoS.AtLeastOnce);
        Assert.Equal(["seen"], (await subscriber.MessagesAsync()).Select(m => m.Payload));
    }

    [Fact]
    public async Task Our_client_and_mosquitto_agree_on_v5_user_properties_and_content_type()
    {
        await using var client = await _broker.ConnectAsync("props-interop");
        await client.SubscribeAsync("interop/props", MqttQoS.AtLeastOnce);
        var (exit, error) = await Mosquitto.PublishAsync(_broker.Port, Mosquitto.V5, "interop/props", "{}", 1, false,
            "-D", "publish", "user-property", "source", "mosquitto", "-D", "publish", "content-type", "application/json");
        Assert.True(exit == 0, error);
        var received = await client.ReceiveAsync();
        Assert.Equal("mosquitto", received.UserProperty("source"));
        Assert.Equal("application/json", received.Packet.Properties!.ContentType);
    }

    [Theory]
    [InlineData(Mosquitto.V311)]
    [InlineData(Mosquitto.V5)]
    public async Task A_refused_subscription_is_reported_to_mosquitto_sub(string version)
    {
        using var subscriber = await Mosquitto.SubscribeAsync(_broker.Port, version, "test/nosubscribe", count: 1, qos: 1);
        await Task.Delay(200);
        Assert.Contains(version == Mosquitto.V5 ? "Subscribed (mid: 1): 135" : "Subscribed (mid: 1): 128", subscriber.Output);
    }
}
