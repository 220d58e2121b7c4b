namespace Vigil.Mqtt.Broker;

/// <summary>3.1.1 CONNACK return codes (§3.2.2.3) and SUBACK failure.</summary>
internal static class ConnectCodes
{
    public const byte V311UnacceptableVersion = 0x01;
    public const byte V311IdentifierRejected = 0x02;
    public const byte V311ServerUnavailable = 0x03;
    public const byte V311BadUserNameOrPassword = 0x04;
    public const byte V311NotAuthorized = 0x05;
    public const byte V311SubscribeFailure = 0x80;
}
