namespace Vigil.Mqtt.Broker;

/// <summary>The MQTT 5.0 reason codes the broker sends (§2.4), and the 3.1.1 CONNACK return codes.</summary>
internal static class ReasonCodes
{
    public const byte Success = 0x00;
    public const byte DisconnectWithWill = 0x04;
    public const byte NoSubscriptionExisted = 0x11;
    public const byte UnspecifiedError = 0x80;
    public const byte ProtocolError = 0x82;
    public const byte ClientIdentifierNotValid = 0x85;
    public const byte BadUserNameOrPassword = 0x86;
    public const byte NotAuthorized = 0x87;
    public const byte ServerUnavailable = 0x88;
    public const byte BadAuthenticationMethod = 0x8C;
    public const byte KeepAliveTimeout = 0x8D;
    public const byte SessionTakenOver = 0x8E;
    public const byte TopicFilterInvalid = 0x8F;
    public const byte PacketIdentifierNotFound = 0x92;
    public const byte QuotaExceeded = 0x97;
    public const byte AdministrativeAction = 0x98;
    public const byte MessageRateTooHigh = 0x96;
    public const byte ServerShuttingDown = 0x8B;
    public const byte SharedSubscriptionsNotSupported = 0x9E;
    public const byte ConnectionRateExceeded = 0x9F;
    public const byte MaximumConnectTime = 0xA0;
}
