using Vigil.Mqtt;
using Vigil.Mqtt.Broker;

namespace Vigil.Broker.Security;

/// <summary>
/// Stamps every message a device publishes with who sent it (<c>user-id</c>) and an id to de-duplicate on
/// (<c>message-id</c>), replacing whatever the device claimed: handlers learn the sender from the broker.
/// </summary>
public sealed class PublisherStamp : IMqttPublishInterceptor
{
    public const string UserIdProperty = "user-id";
    public const string MessageIdProperty = "message-id";

    public void OnAccepted(MqttPrincipal principal, MqttApplicationMessage message)
    {
        if (principal.Kind != TopicRules.Device)
        {
            return;
        }
        var properties = message.Properties?.Clone() ?? new Mqtt.Protocol.MqttProperties();
        properties.UserProperties?.RemoveAll(p => p.Key is UserIdProperty or MessageIdProperty);
        properties.AddUserProperty(UserIdProperty, principal.Name).AddUserProperty(MessageIdProperty, Guid.NewGuid().ToString("N"));
        message.Properties = properties;
    }
}
