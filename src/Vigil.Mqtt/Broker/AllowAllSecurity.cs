namespace Vigil.Mqtt.Broker;

/// <summary>Lets everyone in and allows everything: for tests and closed networks.</summary>
public sealed class AllowAllSecurity : IMqttAuthenticator, IMqttAuthorizer
{
    /// <inheritdoc />
    public ValueTask<MqttAuthenticationResult> AuthenticateAsync(MqttConnectRequest request, CancellationToken cancellationToken) =>
        ValueTask.FromResult(MqttAuthenticationResult.Success(new MqttPrincipal("anonymous", request.Username ?? request.ClientId)));

    /// <inheritdoc />
    public bool CanSubscribe(MqttPrincipal principal, string filter) => true;

    /// <inheritdoc />
    public bool CanPublish(MqttPrincipal principal, MqttApplicationMessage message) => true;
}
