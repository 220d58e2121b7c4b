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
