using Vigil.Mqtt.Client;

namespace Vigil.Mqtt.Tests.Support;

public static class ClientExtensions
{
    public static async Task<MqttReceivedMessage> ReceiveAsync(this MqttClient client, int milliseconds = 5000)
    {
        using var cancel = new CancellationTokenSource(milliseconds);
        return await client.Messages.ReadAsync(cancel.Token);
    }

    /// <summary>Collects what arrives within the window.</summary>
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
