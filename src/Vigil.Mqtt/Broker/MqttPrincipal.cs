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
