using System.Text;
using Vigil.Identity.Tokens;
using Vigil.Mqtt;
using Vigil.Mqtt.Broker;

namespace Vigil.Broker.Security;

/// <summary>
/// CONNECT: user name <c>JWT</c> with an access token (Vigil's or a trusted issuer's) makes a device;
/// <c>handler</c> or <c>handler:{name}</c> with a handler key makes a handler. SUBSCRIBE and PUBLISH
/// go through <see cref="TopicRules"/>; <see cref="PublisherStamp"/> then stamps device publishes with who sent them.
/// </summary>
public sealed class VigilMqttSecurity(
    TokenValidator tokens, HandlerKeyLookup handlerKeys, InProcessHandlerSecret inProcess, TopicRules rules, ILogger<VigilMqttSecurity> logger)
    : IMqttAuthenticator, IMqttAuthorizer
{
    /// <summary>A connection presents its token once, so the broker leaves it out of the validated-token cache.</summary>
    public async ValueTask<MqttAuthenticationResult> AuthenticateAsync(MqttConnectRequest request, CancellationToken cancellationToken)
    {
        var password = Encoding.UTF8.GetString(request.Password.Span);
        if (request.Username == "JWT")
        {
            var principal = await AuthenticateDeviceAsync(password);
            if (principal is null)
            {
                logger.LogInformation("MQTT CONNECT from {Remote} refused: the token is not valid", request.RemoteEndPoint);
                return MqttAuthenticationResult.Failed();
            }
            return MqttAuthenticationResult.Success(principal);
        }
        if (request.Username is "handler" || request.Username?.StartsWith("handler:", StringComparison.Ordinal) == true)
        {
            var name = request.Username == "handler" ? "handler" : request.Username["handler:".Length..];
            if (await HandlerKeyIdAsync(request.Username, request.Password, password, cancellationToken) is { } keyId)
            {
                return MqttAuthenticationResult.Success(new MqttPrincipal(TopicRules.Handler, name) { PublishRateLimit = 0, CredentialId = keyId });
            }
            logger.LogInformation("MQTT CONNECT from {Remote} as {User} refused: unknown or revoked handler key", request.RemoteEndPoint, request.Username);
            return MqttAuthenticationResult.Failed();
        }
        return MqttAuthenticationResult.NotAuthorized();
    }

    /// <summary>The device a token stands for, or null (invalid token, or a user id unfit for topics).</summary>
    private async Task<MqttPrincipal?> AuthenticateDeviceAsync(string token)
    {
        var identity = await tokens.ValidateAccessTokenAsync(token, remember: false);
        var userId = identity?.FindFirst("sub")?.Value;
        if (identity is null || !TopicRules.IsValidUserId(userId))
        {
            return null;
        }
        return new MqttPrincipal(TopicRules.Device, userId!)
        {
            ExpiresAt = TokenValidator.ExpiresAt(identity),
            CredentialId = StaffDeviceCredential.Of(identity),
        };
    }

    /// <summary>The id of the active handler key given (the in-process handler's is "in-process"), or null.</summary>
    private async Task<string?> HandlerKeyIdAsync(string username, ReadOnlyMemory<byte> raw, string password, CancellationToken cancellationToken)
    {
        if (username == InProcessHandlerSecret.Username)
        {
            return inProcess.Matches(raw.Span) ? "in-process" : null;
        }
        return (await handlerKeys.FindActiveIdAsync(password, cancellationToken))?.ToString();
    }

    public bool CanSubscribe(MqttPrincipal principal, string filter) => rules.CanSubscribe(principal.Kind, principal.Name, filter);

    public bool CanPublish(MqttPrincipal principal, MqttApplicationMessage message) => rules.CanPublish(principal.Kind, principal.Name, message.Topic);
}
