using Vigil.Broker.Security;
using Vigil.Mqtt.Client;
using Vigil.Mqtt.Protocol;

namespace Vigil.Broker.Contacts;

/// <summary>
/// The contacts handler as an MQTT client of any broker: a member of the <c>$share/contacts/…</c>
/// groups, acknowledging each command only after its transaction committed and its results were
/// published (at-least-once end to end; the database makes the work itself exactly-once).
/// </summary>
public sealed class ContactsHandler(IServiceScopeFactory scopes, ILogger<ContactsHandler> logger)
{
    public const string ShareGroup = "contacts";
    public static readonly string[] Commands = [ContactCommands.RequestContact, ContactCommands.AcceptContact, ContactCommands.GetContactList];

    /// <summary>Connects (and reconnects) until cancelled.</summary>
    public async Task RunAsync(MqttClientOptions options, CancellationToken cancellationToken)
    {
        options.Version = MqttVersion.V500;
        options.AutoAcknowledge = false;
        while (!cancellationToken.IsCancellationRequested)
        {
            try
            {
                await using var client = await MqttClient.ConnectAsync(options, cancellationToken);
                var codes = await client.SubscribeAsync(
                    [.. Commands.Select(c => new TopicSubscription($"$share/{ShareGroup}/{c}", MqttQoS.AtLeastOnce))], cancellationToken: cancellationToken);
                if (codes.Any(c => c >= 0x80))
                {
                    throw new InvalidOperationException("the broker refused the contacts subscriptions");
                }
                logger.LogInformation("Contacts handler subscribed as {ClientId}", options.ClientId);
                await foreach (var message in client.Messages.ReadAllAsync(cancellationToken))
                {
                    await HandleAsync(client, message, cancellationToken);
                }
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e) when (e is IOException or MqttConnectException or InvalidOperationException or System.Net.Sockets.SocketException or TimeoutException)
            {
                logger.LogWarning("Contacts handler lost the broker ({Reason}); reconnecting", e.Message);
            }
            await Task.Delay(TimeSpan.FromSeconds(1), cancellationToken).ContinueWith(_ => { }, TaskScheduler.Default);
        }
    }

    private async Task HandleAsync(MqttClient client, MqttReceivedMessage message, CancellationToken cancellationToken)
    {
        var userId = message.UserProperty(VigilMqttSecurity.UserIdProperty);
        var messageId = message.UserProperty(VigilMqttSecurity.MessageIdProperty);
        if (userId is null || messageId is null || !TopicRules.IsValidUserId(userId))
        {
            // Not from a device through Vigil's rules (no stamp): nobody to answer.
            await client.AcknowledgeAsync(message);
            return;
        }
        IReadOnlyList<HandlerOutput> outputs;
        await using (var scope = scopes.CreateAsyncScope())
        {
            outputs = await scope.ServiceProvider.GetRequiredService<ContactCommands>()
                .HandleAsync(message.Topic, userId, messageId, message.Packet.Payload, cancellationToken);
        }
        foreach (var output in outputs)
        {
            await client.PublishAsync(output.Topic, output.Payload, MqttQoS.AtLeastOnce, properties: new MqttProperties { ContentType = "application/json", PayloadFormatIndicator = 1 });
        }
        await client.AcknowledgeAsync(message);
    }
}
