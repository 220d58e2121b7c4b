using System.Net;
using Vigil.Mqtt.Protocol;

namespace Vigil.Mqtt.Broker;

/// <summary>Who is on the other end of a connection, as the authenticator established.</summary>
/// <param name="Kind">An application-defined kind, for the authoriser (for example "device" or "handler").</param>
/// <param name="Name">The identity within the kind.</param>
public sealed record MqttPrincipal(string Kind, string Name)
{
    /// <summary>When the credentials stop being valid; the broker disconnects the client then.</summary>
    public DateTimeOffset? ExpiresAt { get; init; }

    /// <summary>Publishes per second allowed to this principal; null uses the broker default, 0 is unlimited.</summary>
    public double? PublishRateLimit { get; init; }

    /// <summary>An application-defined id of the credential used (for example a key id), so it can be revoked later.</summary>
    public string? CredentialId { get; init; }
}

/// <summary>What a CONNECT offers to the authenticator.</summary>
public sealed record MqttConnectRequest(string ClientId, string? Username, ReadOnlyMemory<byte> Password, MqttVersion Version, EndPoint? RemoteEndPoint);

/// <summary>The authenticator's answer.</summary>
public sealed class MqttAuthenticationResult
{
    private MqttAuthenticationResult(MqttPrincipal? principal, bool badCredentials)
    {
        Principal = principal;
        BadCredentials = badCredentials;
    }

    /// <summary>The authenticated principal; null when refused.</summary>
    public MqttPrincipal? Principal { get; }

    /// <summary>Refused because the credentials were wrong (3.1.1 0x04 / v5 0x86) rather than not allowed (0x05 / 0x87).</summary>
    public bool BadCredentials { get; }

    /// <summary>Accept the connection as <paramref name="principal"/>.</summary>
    public static MqttAuthenticationResult Success(MqttPrincipal principal) => new(principal, false);

    /// <summary>Refuse: bad user name or password.</summary>
    public static MqttAuthenticationResult Failed() => new(null, true);

    /// <summary>Refuse: not authorised.</summary>
    public static MqttAuthenticationResult NotAuthorized() => new(null, false);
}

/// <summary>Decides whether a CONNECT is accepted and as whom.</summary>
public interface IMqttAuthenticator
{
    /// <summary>Checks the credentials of a CONNECT.</summary>
    ValueTask<MqttAuthenticationResult> AuthenticateAsync(MqttConnectRequest request, CancellationToken cancellationToken);
}

/// <summary>Decides subscribes (once per SUBSCRIBE, not per delivery) and publishes.</summary>
public interface IMqttAuthorizer
{
    /// <summary>Whether the principal may subscribe to the filter (as sent, <c>$share/…</c> included).</summary>
    bool CanSubscribe(MqttPrincipal principal, string filter);

    /// <summary>Whether the principal may publish the message. Only answers: changes belong in an <see cref="IMqttPublishInterceptor"/>.</summary>
    bool CanPublish(MqttPrincipal principal, MqttApplicationMessage message);
}

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
