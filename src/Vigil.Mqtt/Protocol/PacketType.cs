namespace Vigil.Mqtt.Protocol;

/// <summary>MQTT control packet types (the high nibble of the first byte), identical in 3.1.1 and 5.0.</summary>
public enum PacketType : byte
{
    /// <summary>Client request to connect.</summary>
    Connect = 1,
    /// <summary>Connect acknowledgement.</summary>
    ConnAck = 2,
    /// <summary>Application message.</summary>
    Publish = 3,
    /// <summary>QoS 1 acknowledgement.</summary>
    PubAck = 4,
    /// <summary>QoS 2 delivery, part 1.</summary>
    PubRec = 5,
    /// <summary>QoS 2 delivery, part 2.</summary>
    PubRel = 6,
    /// <summary>QoS 2 delivery, part 3.</summary>
    PubComp = 7,
    /// <summary>Subscribe request.</summary>
    Subscribe = 8,
    /// <summary>Subscribe acknowledgement.</summary>
    SubAck = 9,
    /// <summary>Unsubscribe request.</summary>
    Unsubscribe = 10,
    /// <summary>Unsubscribe acknowledgement.</summary>
    UnsubAck = 11,
    /// <summary>Keep-alive ping.</summary>
    PingReq = 12,
    /// <summary>Keep-alive answer.</summary>
    PingResp = 13,
    /// <summary>Orderly disconnection.</summary>
    Disconnect = 14,

    /// <summary>MQTT 5.0 only.</summary>
    Auth = 15,
}

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
