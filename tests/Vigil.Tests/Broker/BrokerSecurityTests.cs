using Microsoft.Extensions.DependencyInjection;
using Vigil.Identity.HandlerKeys;
using Vigil.Mqtt.Client;
using Vigil.Mqtt.Protocol;
using Vigil.Tests.Support;

namespace Vigil.Tests.Broker;

/// <summary>Phones authenticate with their JWT and stay inside their own topics; handlers use keys.</summary>
public sealed class BrokerSecurityTests : IAsyncLifetime
{
    private VigilApp _app = null!;

    public async Task InitializeAsync() => _app = await VigilApp.StartWithSocketsAsync(TestDatabases.Sqlite);

    public Task DisposeAsync()
    {
        _app.Dispose();
        return Task.CompletedTask;
    }

    [Theory]
    [InlineData(MqttVersion.V311)]
    [InlineData(MqttVersion.V500)]
    public async Task A_phone_may_subscribe_only_to_topics_that_start_with_its_own_id_and_underscore(MqttVersion version)
    {
        var phone = await _app.NewPhoneUserAsync();
        var other = await _app.NewPhoneUserAsync();
        await using var client = await _app.ConnectPhoneAsync(phone, version);
        string[] refused = ["#", "+/x", "+", "$SYS/#", $"$share/g/{other.UserId}_x", $"{other.UserId}_x", $"{phone.UserId}6_x", phone.UserId, $"{phone.UserId}x"];

        var codes = await client.SubscribeAsync([new TopicSubscription($"{phone.UserId}_contact_list", MqttQoS.AtLeastOnce), .. refused.Select(f => new TopicSubscription(f))]);

        Assert.Equal(1, codes[0]);
        Assert.All(codes.Skip(1), code => Assert.Equal(version == MqttVersion.V500 ? 0x87 : 0x80, code));
    }

    [Fact]
    public async Task A_v5_phone_publishing_outside_the_command_topics_is_refused_with_0x87()
    {
        var phone = await _app.NewPhoneUserAsync();
        await using var client = await _app.ConnectPhoneAsync(phone);
        Assert.Equal(0x87, await client.PublishAsync($"{phone.UserId}_contact_list", "{}", MqttQoS.AtLeastOnce));
        Assert.Equal(0x87, await client.PublishAsync("anything/else", "{}", MqttQoS.AtLeastOnce));
        Assert.Equal(0, await client.PublishAsync("get_contact_list", "{}", MqttQoS.AtLeastOnce));
    }

    [Fact]
    public async Task A_311_phone_publishing_outside_the_command_topics_is_disconnected()
    {
        var phone = await _app.NewPhoneUserAsync();
        await using var client = await _app.ConnectPhoneAsync(phone, MqttVersion.V311);
        await client.PublishAsync("not/a/command", "{}");
        await client.Closed.WaitAsync(TimeSpan.FromSeconds(5));
    }

    [Fact]
    public async Task The_broker_replaces_a_forged_user_id_with_the_authenticated_one()
    {
        var (_, key) = await _app.CreateHandlerKeyAsync("spy");
        await using var handler = await MqttClient.ConnectAsync(_app.MqttOptions("handler:spy", key));
        await handler.SubscribeAsync("request_contact", MqttQoS.AtLeastOnce);
        var phone = await _app.NewPhoneUserAsync();
        await using var client = await _app.ConnectPhoneAsync(phone);

        await client.PublishAsync("request_contact", """{"contactUserId":"x"}""", MqttQoS.AtLeastOnce,
            properties: new MqttProperties().AddUserProperty("user-id", "someone-else").AddUserProperty("user-id", "admin"));

        var seen = await handler.ReceiveAsync();
        Assert.Equal([phone.UserId], seen.Packet.Properties!.UserProperties!.Where(p => p.Key == "user-id").Select(p => p.Value));
        Assert.NotNull(seen.UserProperty("message-id"));
    }

    [Fact]
    public async Task A_phone_is_disconnected_when_its_token_expires()
    {
        var phone = await _app.NewPhoneUserAsync();
        await using var client = await _app.ConnectPhoneAsync(phone);
        _app.Clock.Advance(TimeSpan.FromHours(1) + TimeSpan.FromSeconds(1));
        var disconnect = await client.Closed.WaitAsync(TimeSpan.FromSeconds(5));
        Assert.Equal((byte?)0xA0, disconnect?.ReasonCode);
    }

    [Theory]
    [InlineData(MqttVersion.V311, "JWT", "not-a-token", 0x04)]
    [InlineData(MqttVersion.V500, "JWT", "not-a-token", 0x86)]
    [InlineData(MqttVersion.V311, "someone", "x", 0x05)]
    [InlineData(MqttVersion.V500, "someone", "x", 0x87)]
    [InlineData(MqttVersion.V500, "handler:contacts", "vgh_wrong", 0x86)]
    public async Task Bad_credentials_are_refused_in_connack(MqttVersion version, string username, string password, byte code)
    {
        await using var client = await MqttClient.OpenAsync(_app.MqttOptions(username, password, version));
        Assert.Equal(code, client.ConnAck.ReasonCode);
        await client.Closed.WaitAsync(TimeSpan.FromSeconds(5));
    }

    [Fact]
    public async Task A_revoked_handler_key_is_refused()
    {
        var (id, key) = await _app.CreateHandlerKeyAsync("revocable");
        await using (var accepted = await MqttClient.ConnectAsync(_app.MqttOptions("handler:revocable", key)))
        {
            Assert.Equal(0, accepted.ConnAck.ReasonCode);
        }
        await using (var scope = _app.Services.CreateAsyncScope())
        {
            Assert.True(await scope.ServiceProvider.GetRequiredService<HandlerKeyService>().RevokeAsync(id, CancellationToken.None));
        }
        var refused = await Assert.ThrowsAsync<MqttConnectException>(() => MqttClient.ConnectAsync(_app.MqttOptions("handler:revocable", key)));
        Assert.Equal(0x86, refused.ReasonCode);
    }

    [Fact]
    public async Task A_handler_connected_with_a_key_that_is_then_revoked_is_disconnected_as_an_administrative_action()
    {
        var (id, key) = await _app.CreateHandlerKeyAsync("soon-revoked");
        var (_, otherKey) = await _app.CreateHandlerKeyAsync("kept");
        await using var doomed = await MqttClient.ConnectAsync(_app.MqttOptions("handler:soon-revoked", key));
        await using var kept = await MqttClient.ConnectAsync(_app.MqttOptions("handler:kept", otherKey));

        await using (var scope = _app.Services.CreateAsyncScope())
        {
            Assert.True(await scope.ServiceProvider.GetRequiredService<HandlerKeyService>().RevokeAsync(id, CancellationToken.None));
        }
        var disconnect = await doomed.Closed.WaitAsync(TimeSpan.FromSeconds(10));

        Assert.Equal((byte)0x98, disconnect?.ReasonCode);
        Assert.False(kept.Closed.IsCompleted);
        await kept.PingAsync();
    }

    [Fact]
    public async Task With_inline_socket_io_the_broker_serves_phones_and_handlers_the_same()
    {
        using var app = await VigilApp.StartWithSocketsAsync(TestDatabases.Sqlite, new Dictionary<string, string?> { ["Vigil:Broker:InlineSocketIo"] = "true" });
        var phone = await app.NewPhoneUserAsync();
        await using var client = await app.ConnectPhoneAsync(phone);

        Assert.Equal(0x87, (await client.SubscribeAsync([new TopicSubscription("#")]))[0]);
        Assert.Equal(0, (await client.SubscribeAsync([new TopicSubscription(phone.UserId + "_contact_list")]))[0]);
        await client.PublishAsync("get_contact_list", "{}", MqttQoS.AtLeastOnce);
        Assert.Equal(phone.UserId + "_contact_list", (await client.ReceiveAsync()).Topic);
        Assert.Equal(System.Net.HttpStatusCode.OK, (await app.CreateClient().GetAsync("/healthz")).StatusCode);
    }

    [Fact]
    public async Task Mqtt_over_websocket_works_on_the_http_port_with_the_same_rules()
    {
        var phone = await _app.NewPhoneUserAsync();
        var options = _app.MqttOptions("JWT", phone.Token);
        options.WebSocketUri = new Uri(_app.HttpAddress!.ToString().Replace("http://", "ws://") + "mqtt");
        await using var client = await MqttClient.ConnectAsync(options);
        Assert.Equal(0x87, (await client.SubscribeAsync([new TopicSubscription("#")]))[0]);
        Assert.Equal(0, (await client.SubscribeAsync([new TopicSubscription(phone.UserId + "_contact_list")]))[0]);
        await client.PublishAsync("get_contact_list", "{}", MqttQoS.AtLeastOnce);
        Assert.Equal(phone.UserId + "_contact_list", (await client.ReceiveAsync()).Topic);
    }
}
