namespace Vigil.Mqtt.Protocol;

/// <summary>Input that breaks the protocol: the connection is closed with <see cref="ReasonCode"/> (v5) after it.</summary>
/// <param name="message">What was wrong, for the log.</param>
/// <param name="reasonCode">The v5 reason code to close with.</param>
public sealed class MqttProtocolException(string message, byte reasonCode = MqttProtocolException.MalformedPacket) : Exception(message)
{
    /// <summary>v5 reason code 0x81 Malformed Packet.</summary>
    public const byte MalformedPacket = 0x81;

    /// <summary>v5 reason code 0x82 Protocol Error.</summary>
    public const byte ProtocolError = 0x82;

    /// <summary>v5 reason code 0x84 Unsupported Protocol Version.</summary>
    public const byte UnsupportedProtocolVersion = 0x84;

    /// <summary>v5 reason code 0x90 Topic Name invalid.</summary>
    public const byte TopicNameInvalid = 0x90;

    /// <summary>v5 reason code 0x93 Receive Maximum exceeded.</summary>
    public const byte ReceiveMaximumExceeded = 0x93;

    /// <summary>v5 reason code 0x94 Topic Alias invalid.</summary>
    public const byte TopicAliasInvalid = 0x94;

    /// <summary>v5 reason code 0x95 Packet Too Large.</summary>
    public const byte PacketTooLarge = 0x95;

    /// <summary>The v5 reason code for the DISCONNECT (or CONNACK) that closes the connection.</summary>
    public byte ReasonCode { get; } = reasonCode;
}
