namespace Vigil.Mqtt.Protocol;

/// <summary>One topic filter with its subscription options.</summary>
/// <param name="Filter">Topic filter, possibly <c>$share/group/…</c>.</param>
/// <param name="QoS">Maximum QoS.</param>
/// <param name="NoLocal">v5: do not deliver the client's own publishes.</param>
/// <param name="RetainAsPublished">v5: keep the retain flag as published.</param>
/// <param name="RetainHandling">v5: when retained messages are sent.</param>
public readonly record struct TopicSubscription(
    string Filter, MqttQoS QoS = MqttQoS.AtMostOnce, bool NoLocal = false, bool RetainAsPublished = false,
    RetainHandling RetainHandling = RetainHandling.SendAtSubscribe)
{
    internal byte Options => (byte)((byte)QoS | (NoLocal ? 0x04 : 0) | (RetainAsPublished ? 0x08 : 0) | (byte)RetainHandling << 4);

    /// <summary>The subscription whose <see cref="Options"/> byte is <paramref name="options"/>.</summary>
    internal static TopicSubscription FromOptions(string filter, byte options) =>
        new(filter, (MqttQoS)(options & 3), (options & 4) != 0, (options & 8) != 0, (RetainHandling)((options >> 4) & 3));
}
