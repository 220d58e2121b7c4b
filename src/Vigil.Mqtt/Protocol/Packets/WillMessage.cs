namespace Vigil.Mqtt.Protocol;

/// <summary>The will a client leaves with the server in CONNECT.</summary>
public sealed class WillMessage
{
    /// <summary>Topic the will is published to.</summary>
    public required string Topic { get; init; }
    /// <summary>Payload.</summary>
    public ReadOnlyMemory<byte> Payload { get; init; }
    /// <summary>QoS of the will.</summary>
    public MqttQoS QoS { get; init; }
    /// <summary>Whether the will is retained.</summary>
    public bool Retain { get; init; }
    /// <summary>v5 will properties (will delay, expiry, content type, …).</summary>
    public MqttProperties? Properties { get; init; }
}
