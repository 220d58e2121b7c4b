namespace Vigil.Mqtt.Protocol;

/// <summary>The protocol level byte of CONNECT.</summary>
public enum MqttVersion : byte
{
    /// <summary>MQTT 3.1.1 (level 4).</summary>
    V311 = 4,

    /// <summary>MQTT 5.0 (level 5).</summary>
    V500 = 5,
}

/// <summary>Quality of service levels.</summary>
public enum MqttQoS : byte
{
    /// <summary>At most once.</summary>
    AtMostOnce = 0,

    /// <summary>At least once.</summary>
    AtLeastOnce = 1,

    /// <summary>Exactly once.</summary>
    ExactlyOnce = 2,
}
