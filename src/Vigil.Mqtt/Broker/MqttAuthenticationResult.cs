namespace Vigil.Mqtt.Broker;

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
