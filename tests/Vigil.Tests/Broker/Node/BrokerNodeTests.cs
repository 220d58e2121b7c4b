using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.IdentityModel.JsonWebTokens;
using Vigil.Identity.HandlerKeys;
using Vigil.Identity.Staff;
using Vigil.Infrastructure.Database;
using Vigil.Mqtt.Client;
using Vigil.Mqtt.Protocol;
using Vigil.Tests.Support;

namespace Vigil.Tests.Broker.Node;

/// <summary>
/// <c>vigil broker</c> as its own process beside a server whose broker is off, on one data directory: phones log in
/// over HTTP there and connect here with the token; handler keys made and revoked there hold here.
/// </summary>
public sealed class BrokerNodeTests() : BrokerNodeTestBase("--Vigil:Broker:RevokedKeyCheckInterval=00:00:00.500", "--Vigil:Staff:AccessCheckInterval=00:00:00.500")
{
    private MqttClientOptions Options(string username, string password) =>
        new() { Port = MqttPort, Username = username, Password = password, ClientId = "c-" + Guid.NewGuid().ToString("N")[..12] };

    [Fact]
    public async Task A_phones_command_reaches_a_handler_stamped_with_the_phones_id_and_the_handlers_reply_reaches_the_phone()
    {
        var phone = await Http.NewPhoneUserAsync();
        var (_, key) = await Http.CreateHandlerKeyAsync("node-contacts");
        await using var handler = await MqttClient.ConnectAsync(Options("handler:node-contacts", key));
        await handler.SubscribeAsync("request_contact", MqttQoS.AtLeastOnce);
        await using var client = await MqttClient.ConnectAsync(Options("JWT", phone.Token));
        await client.SubscribeAsync($"{phone.UserId}_inbox", MqttQoS.AtLeastOnce);

        await client.PublishAsync("request_contact", "{}", MqttQoS.AtLeastOnce);
        var command = await handler.ReceiveAsync();
        await handler.PublishAsync($"{phone.UserId}_inbox", "reply", MqttQoS.AtLeastOnce);
        var reply = await client.ReceiveAsync();

        Assert.Contains(command.Packet.Properties!.UserProperties!, p => p.Key == "user-id" && p.Value == phone.UserId);
        Assert.Equal("reply", reply.PayloadText);
    }

    [Fact]
    public async Task A_handler_whose_key_is_revoked_on_the_server_is_disconnected_and_refused_by_the_node()
    {
        var (id, key) = await Http.CreateHandlerKeyAsync("node-revoked");
        await using var doomed = await MqttClient.ConnectAsync(Options("handler:node-revoked", key));

        await using (var scope = Http.Services.CreateAsyncScope())
        {
            Assert.True(await scope.ServiceProvider.GetRequiredService<HandlerKeyService>().RevokeAsync(id, CancellationToken.None));
        }
        var disconnect = await doomed.Closed.WaitAsync(TimeSpan.FromSeconds(10));
        var refused = await Assert.ThrowsAsync<MqttConnectException>(() => MqttClient.ConnectAsync(Options("handler:node-revoked", key)));

        Assert.Equal((byte)0x98, disconnect?.ReasonCode);
        Assert.Equal(0x86, refused.ReasonCode);
    }

    [Fact]
    public async Task A_staff_connection_ends_when_the_account_is_disabled_on_the_server_and_the_node_never_loads_entity_framework_for_it()
    {
        using var http = Http.CreateClient();
        var token = await Http.StaffTokenAsync(http, "clinician");
        await using var staff = await MqttClient.ConnectAsync(Options("JWT", token));

        await using (var scope = Http.Services.CreateAsyncScope())
        {
            var id = Guid.Parse(new JsonWebToken(token).Subject);
            var account = await scope.ServiceProvider.GetRequiredService<VigilDb>().Set<StaffAccount>().SingleAsync(a => a.Id == id);
            await scope.ServiceProvider.GetRequiredService<StaffAdministration>().SetDisabledAsync(account, disabled: true, CancellationToken.None);
        }
        var closed = await staff.Closed.WaitAsync(TimeSpan.FromSeconds(10));
        var refused = await Assert.ThrowsAsync<MqttConnectException>(() => MqttClient.ConnectAsync(Options("JWT", token)));

        Assert.Equal((byte)0x98, closed?.ReasonCode);
        Assert.Equal(0x86, refused.ReasonCode);
        Assert.False(Node.HasMapped("Microsoft.EntityFrameworkCore.Relational.dll"));
    }

    [Fact]
    public async Task A_token_or_key_the_server_never_issued_is_refused()
    {
        var badToken = await Assert.ThrowsAsync<MqttConnectException>(() => MqttClient.ConnectAsync(Options("JWT", "not.a.token")));
        var badKey = await Assert.ThrowsAsync<MqttConnectException>(() => MqttClient.ConnectAsync(Options("handler:x", "vgh_" + new string('a', 43))));

        Assert.Equal(0x86, badToken.ReasonCode);
        Assert.Equal(0x86, badKey.ReasonCode);
    }

    [Fact]
    public void The_node_says_where_it_listens_and_that_it_serves_no_http()
    {
        var line = Node.Lines.Single(l => l.StartsWith("Vigil broker listening on", StringComparison.Ordinal));

        Assert.Contains($"mqtt://127.0.0.1:{MqttPort}", line);
        Assert.DoesNotContain("http://", line);
    }
}
