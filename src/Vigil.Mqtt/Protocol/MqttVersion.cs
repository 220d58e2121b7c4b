namespace Vigil.Mqtt.Protocol;

/// <summary>The protocol level byte of CONNECT.</summary>
public enum MqttVersion : byte
{
    /// <summary>MQTT 3.1.1 (level 4).</summary>
    V311 = 4,

    /// <summary>MQTT 5.0 (level 5).</summary>
    V500 = 5,
}
