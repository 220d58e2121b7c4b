namespace Vigil.Mqtt.Broker;

/// <summary>Decides subscribes (once per SUBSCRIBE, not per delivery) and publishes.</summary>
public interface IMqttAuthorizer
{
    /// <summary>Whether the principal may subscribe to the filter (as sent, <c>$share/…</c> included).</summary>
    bool CanSubscribe(MqttPrincipal principal, string filter);

    /// <summary>Whether the principal may publish the message. Only answers: changes belong in an <see cref="IMqttPublishInterceptor"/>.</summary>
    bool CanPublish(MqttPrincipal principal, MqttApplicationMessage message);
}
