namespace Vigil.Mqtt.Protocol;

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
