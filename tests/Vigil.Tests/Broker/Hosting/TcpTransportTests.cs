using System.Net;
using System.Net.Sockets;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Vigil.Broker.Hosting;
using Vigil.Mqtt.Protocol;
using Vigil.Tests.Support;

namespace Vigil.Tests.Broker.Hosting;

/// <summary>The plain MQTT port on Vigil's own event loop (the default) and on Kestrel's sockets.</summary>
public sealed class TcpTransportTests
{
    [Theory]
    [InlineData("EventLoop", true)]
    [InlineData("Kestrel", false)]
    public async Task Either_transport_carries_a_phone_command_and_its_answer(string transport, bool onEventLoop)
    {
        using var app = await VigilApp.StartWithSocketsAsync(TestDatabases.Sqlite, new Dictionary<string, string?> { ["Vigil:Broker:TcpTransport"] = transport });
        var phone = await app.NewPhoneUserAsync();
        await using var client = await app.ConnectPhoneAsync(phone);
        await client.SubscribeAsync($"{phone.UserId}_contact_list", MqttQoS.AtLeastOnce);

        await client.PublishAsync("get_contact_list", "{}", MqttQoS.AtLeastOnce);

        var answer = await client.ReceiveAsync();
        Assert.Equal($"{phone.UserId}_contact_list", answer.Topic);
        Assert.Equal(JsonValueKind.Array, JsonDocument.Parse(answer.Packet.Payload).RootElement.GetProperty("contacts").ValueKind);
        var listener = app.Services.GetRequiredService<EventLoopListenerService>().LocalEndPoint;
        Assert.Equal(onEventLoop, listener?.Port == app.MqttPort);
    }

    [Fact]
    public async Task A_taken_port_stops_the_start_naming_the_setting()
    {
        using var taken = new TcpListener(IPAddress.Loopback, 0);
        taken.Start();
        var port = ((IPEndPoint)taken.LocalEndpoint).Port;
        var data = Directory.CreateTempSubdirectory("vigil-port-").FullName;
        try
        {
            // What an operator sees: one line naming the setting, exit 1 (not an aborted process).
            var outcome = await CliRunner.RunAsync(new[] { "serve", "--urls=http://127.0.0.1:0", $"--Vigil:Broker:TcpPort={port}" }.With(data));

            Assert.Equal(1, outcome.ExitCode);
            Assert.Contains($"Vigil:Broker:TcpPort: cannot listen on 127.0.0.1:{port}", outcome.Error, StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(data, recursive: true);
        }
    }
}
