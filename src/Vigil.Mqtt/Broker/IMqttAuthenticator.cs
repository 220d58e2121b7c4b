namespace Vigil.Mqtt.Broker;

/// <summary>Decides whether a CONNECT is accepted and as whom.</summary>
public interface IMqttAuthenticator
{
    /// <summary>Checks the credentials of a CONNECT.</summary>
    ValueTask<MqttAuthenticationResult> AuthenticateAsync(MqttConnectRequest request, CancellationToken cancellationToken);
}
