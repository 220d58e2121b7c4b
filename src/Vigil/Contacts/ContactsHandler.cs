using System.Diagnostics;
using Vigil.Broker.Security;
using Vigil.Infrastructure.Observability;
using Vigil.Mqtt.Client;
using Vigil.Mqtt.Protocol;

namespace Vigil.Contacts;

/// <summary>
/// The contacts handler as an MQTT client of any broker: a member of the <c>$share/contacts/…</c>
/// groups, acknowledging each command only after its transaction committed and its results were
/// published (at-least-once end to end; the database makes the work itself exactly-once).
/// </summary>
public sealed class ContactsHandler(IServiceScopeFactory scopes, ILogger<ContactsHandler> logger)
{
    public const string ShareGroup = "contacts";
    public static readonly string[] Commands = [ContactCommands.RequestContact, ContactCommands.AcceptContact, ContactCommands.GetContactList];

    /// <summary>The longest wait between two connection attempts; the wait doubles from one second up to it.</summary>
    public static readonly TimeSpan MaxBackoff = TimeSpan.FromMinutes(1);

    /// <summary>
    /// Connects (and reconnects, backing off) until cancelled. A broker that refuses the credentials (the key
    /// was revoked or is wrong: 0x86, 0x87) ends the run with <see cref="HandlerRefusedException"/> unless
    /// <paramref name="keepTryingWhenRefused"/>, since retrying cannot help until someone changes the key.
    /// </summary>
    public async Task RunAsync(MqttClientOptions options, CancellationToken cancellationToken, bool keepTryingWhenRefused = true)
    {
        options.Version = MqttVersion.V500;
        options.AutoAcknowledge = false;
        var backoff = TimeSpan.FromSeconds(1);
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
                backoff = TimeSpan.FromSeconds(1);
                await foreach (var message in client.Messages.ReadAllAsync(cancellationToken))
                {
                    await HandleAsync(client, message, cancellationToken);
                }
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                return;
            }
            catch (MqttConnectException e) when (e.ReasonCode is 0x86 or 0x87)
            {
                var why = $"the broker refused {options.Username}'s credentials (CONNACK 0x{e.ReasonCode:X2}: {(e.ReasonCode == 0x86 ? "bad user name or password" : "not authorized")}): "
                    + "the handler key was revoked or is wrong; create one with 'vigil handler-key create'";
                if (!keepTryingWhenRefused)
                {
                    throw new HandlerRefusedException(why);
                }
                logger.LogError("Contacts handler: {Reason}; trying again in {Backoff}", why, backoff);
            }
            catch (Exception e) when (e is IOException or MqttConnectException or InvalidOperationException or System.Net.Sockets.SocketException or TimeoutException)
            {
                logger.LogWarning("Contacts handler lost the broker ({Reason}); reconnecting in {Backoff}", e.Message, backoff);
            }
            await Task.Delay(backoff, cancellationToken).ContinueWith(_ => { }, TaskScheduler.Default);
            backoff = TimeSpan.FromTicks(Math.Min(backoff.Ticks * 2, MaxBackoff.Ticks));
        }
    }

    private async Task HandleAsync(MqttClient client, MqttReceivedMessage message, CancellationToken cancellationToken)
    {
        var userId = message.UserProperty(PublisherStamp.UserIdProperty);
        var messageId = message.UserProperty(PublisherStamp.MessageIdProperty);
        if (userId is null || messageId is null || !TopicRules.IsValidUserId(userId))
        {
            // Not from a device through Vigil's rules (no stamp): nobody to answer.
            await client.AcknowledgeAsync(message);
            return;
        }
        // The topic is one of the three command names the handler subscribes to: a closed set.
        using var activity = VigilActivities.Source.StartActivity("contacts " + message.Topic, ActivityKind.Consumer);
        activity?.SetTag("messaging.system", "mqtt");
        activity?.SetTag("messaging.destination.name", message.Topic);
        VigilMetrics.ContactCommands.Count("vigil.contacts.command", message.Topic);
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
