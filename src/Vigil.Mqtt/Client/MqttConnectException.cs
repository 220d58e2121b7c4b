namespace Vigil.Mqtt.Client;

/// <summary>The broker refused the connection.</summary>
/// <param name="reasonCode">CONNACK return / reason code.</param>
public sealed class MqttConnectException(byte reasonCode) : Exception($"the broker refused the connection (CONNACK 0x{reasonCode:X2})")
{
    /// <summary>CONNACK return / reason code.</summary>
    public byte ReasonCode { get; } = reasonCode;
}
