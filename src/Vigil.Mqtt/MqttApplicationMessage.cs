using Vigil.Mqtt.Protocol;

namespace Vigil.Mqtt;

/// <summary>An application message as the broker routes it and the client sends or receives it.</summary>
public sealed class MqttApplicationMessage
{
    /// <summary>Topic name.</summary>
    public required string Topic { get; init; }
    /// <summary>Payload bytes.</summary>
    public ReadOnlyMemory<byte> Payload { get; init; }
    /// <summary>Quality of service it was published with.</summary>
    public MqttQoS QoS { get; init; }
    /// <summary>Retain flag.</summary>
    public bool Retain { get; init; }
    /// <summary>
    /// v5 properties that travel with the message (payload format, content type, response topic,
    /// correlation data, user properties, message expiry). An authoriser may replace them.
    /// </summary>
    public MqttProperties? Properties { get; set; }

    /// <summary>When the message stops being deliverable (from the message expiry interval).</summary>
    internal DateTimeOffset? ExpiresAt { get; set; }

    /// <summary>The publishing session, for no-local; null for the broker's own messages.</summary>
    internal object? Sender { get; set; }

    /// <summary>The payload as UTF-8 text.</summary>
    public string PayloadText => System.Text.Encoding.UTF8.GetString(Payload.Span);

    /// <summary>The first user property with this name, or null.</summary>
    public string? UserProperty(string name) =>
        Properties?.UserProperties?.FirstOrDefault(p => p.Key == name) is { Key: not null } pair ? pair.Value : null;
}
