namespace Vigil.Mqtt.Broker;

/// <summary>
/// An explicit step between the authoriser's answer and routing: changes a message the authoriser allowed
/// (for example to stamp who sent it) before any subscriber sees it. Runs for PUBLISHes and wills alike.
/// </summary>
public interface IMqttPublishInterceptor
{
    /// <summary>Called once per accepted message, before it is routed; may rewrite its properties.</summary>
    void OnAccepted(MqttPrincipal principal, MqttApplicationMessage message);
}
