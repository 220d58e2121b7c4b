using Vigil.Mqtt.Protocol;

namespace Vigil.Mqtt.Client;

/// <summary>A PUBLISH the client received, with its topic alias resolved.</summary>
/// <param name="Topic">The topic (resolved from the alias when the server sent one).</param>
/// <param name="Packet">The packet as received.</param>
public sealed record MqttReceivedMessage(string Topic, PublishPacket Packet)
{
    /// <summary>The payload as UTF-8 text.</summary>
    public string PayloadText => System.Text.Encoding.UTF8.GetString(Packet.Payload.Span);

    /// <summary>The first user property with this name, or null.</summary>
    public string? UserProperty(string name) =>
        Packet.Properties?.UserProperties?.FirstOrDefault(p => p.Key == name) is { Key: not null } pair ? pair.Value : null;
}
