using Microsoft.Extensions.DependencyInjection;
using Microsoft.IdentityModel.JsonWebTokens;
using Vigil.Identity.HandlerKeys;
using Vigil.Mqtt.Client;
using Vigil.Mqtt.Protocol;

namespace Vigil.Tests.Support;

/// <summary>Phones and handlers as MQTT clients of a <see cref="VigilApp"/> started with sockets.</summary>
public static class MqttFlow
{
    public sealed record Phone(string UserId, string Token);

    /// <summary>A persistent session (3.1.1 clean-session 0, or v5 with <paramref name="expiry"/>) of handler <paramref name="handler"/> on <paramref name="port"/>.</summary>
    public static MqttClientOptions PersistentSession(int port, string handler, string key, string clientId, MqttVersion version, uint expiry = 3600) => new()
    {
        Port = port,
        Username = "handler:" + handler,
        Password = key,
        ClientId = clientId,
        Version = version,
        CleanStart = false,
        ConnectProperties = version == MqttVersion.V500 ? new MqttProperties { SessionExpiryInterval = expiry } : null,
        Timeout = TimeSpan.FromSeconds(30),
    };

    /// <summary>A phone-verified user (so the contacts handler knows it) with its access token.</summary>
    public static async Task<Phone> NewPhoneUserAsync(this VigilApp app)
    {
        using var http = app.CreateClient();
        var (access, _) = await app.SignInByPhoneAsync(http);
        return new Phone(new JsonWebToken(access).Subject, access);
    }

    public static MqttClientOptions MqttOptions(this VigilApp app, string username, string password, MqttVersion version = MqttVersion.V500, string? clientId = null) =>
        new() { Port = app.MqttPort, Username = username, Password = password, Version = version, ClientId = clientId ?? "c-" + Guid.NewGuid().ToString("N")[..12] };

    public static Task<MqttClient> ConnectPhoneAsync(this VigilApp app, Phone phone, MqttVersion version = MqttVersion.V500) =>
        MqttClient.ConnectAsync(app.MqttOptions("JWT", phone.Token, version));

    public static async Task<(Guid Id, string Secret)> CreateHandlerKeyAsync(this VigilApp app, string name)
    {
        await using var scope = app.Services.CreateAsyncScope();
        var created = await scope.ServiceProvider.GetRequiredService<HandlerKeyService>().CreateAsync(name, CancellationToken.None);
        return (created.Key.Id, created.Secret);
    }

    public static async Task<MqttReceivedMessage> ReceiveAsync(this MqttClient client, int milliseconds = 5000)
    {
        using var cancel = new CancellationTokenSource(milliseconds);
        return await client.Messages.ReadAsync(cancel.Token);
    }

    public static async Task<List<MqttReceivedMessage>> DrainAsync(this MqttClient client, int milliseconds = 500)
    {
        var received = new List<MqttReceivedMessage>();
        using var cancel = new CancellationTokenSource(milliseconds);
        try
        {
            while (true)
            {
                received.Add(await client.Messages.ReadAsync(cancel.Token));
            }
        }
        catch (Exception e) when (e is OperationCanceledException or System.Threading.Channels.ChannelClosedException)
        {
        }
        return received;
    }
}
