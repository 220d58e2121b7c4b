namespace Vigil.Mqtt.Protocol;

/// <summary>
/// The MQTT 5.0 properties of one packet (§2.2.2). Absent properties are null; user properties and
/// subscription identifiers may repeat, every other property may appear at most once.
/// </summary>
public sealed partial class MqttProperties
{
    /// <summary>0x01: 1 when the payload is UTF-8 text.</summary>
    public byte? PayloadFormatIndicator { get; set; }
    /// <summary>0x02: seconds the message stays deliverable.</summary>
    public uint? MessageExpiryInterval { get; set; }
    /// <summary>0x03: MIME type of the payload.</summary>
    public string? ContentType { get; set; }
    /// <summary>0x08: topic for the response (request/response).</summary>
    public string? ResponseTopic { get; set; }
    /// <summary>0x09: opaque bytes echoed in the response.</summary>
    public byte[]? CorrelationData { get; set; }
    /// <summary>0x0B: subscription identifiers (one on SUBSCRIBE, any number on PUBLISH).</summary>
    public List<int>? SubscriptionIdentifiers { get; set; }
    /// <summary>0x11: seconds the session outlives the connection.</summary>
    public uint? SessionExpiryInterval { get; set; }
    /// <summary>0x12: the client identifier the server chose.</summary>
    public string? AssignedClientIdentifier { get; set; }
    /// <summary>0x13: the keep-alive the server imposes.</summary>
    public ushort? ServerKeepAlive { get; set; }
    /// <summary>0x15: enhanced authentication method.</summary>
    public string? AuthenticationMethod { get; set; }
    /// <summary>0x16: enhanced authentication data.</summary>
    public byte[]? AuthenticationData { get; set; }
    /// <summary>0x17: whether the client wants reason strings on failures.</summary>
    public byte? RequestProblemInformation { get; set; }
    /// <summary>0x18: seconds between disconnection and publishing the will.</summary>
    public uint? WillDelayInterval { get; set; }
    /// <summary>0x19: whether the client wants response information.</summary>
    public byte? RequestResponseInformation { get; set; }
    /// <summary>0x1A: basis for response topics.</summary>
    public string? ResponseInformation { get; set; }
    /// <summary>0x1C: another server to use.</summary>
    public string? ServerReference { get; set; }
    /// <summary>0x1F: human-readable reason.</summary>
    public string? ReasonString { get; set; }
    /// <summary>0x21: how many QoS 1/2 publishes the sender accepts unacknowledged.</summary>
    public ushort? ReceiveMaximum { get; set; }
    /// <summary>0x22: the highest topic alias the sender accepts.</summary>
    public ushort? TopicAliasMaximum { get; set; }
    /// <summary>0x23: the topic alias of this PUBLISH.</summary>
    public ushort? TopicAlias { get; set; }
    /// <summary>0x24: highest QoS the server supports.</summary>
    public byte? MaximumQoS { get; set; }
    /// <summary>0x25: whether retained messages are supported.</summary>
    public byte? RetainAvailable { get; set; }
    /// <summary>0x26: application name/value pairs, in order.</summary>
    public List<KeyValuePair<string, string>>? UserProperties { get; set; }
    /// <summary>0x27: the largest packet the sender accepts.</summary>
    public uint? MaximumPacketSize { get; set; }
    /// <summary>0x28: whether wildcard subscriptions are supported.</summary>
    public byte? WildcardSubscriptionAvailable { get; set; }
    /// <summary>0x29: whether subscription identifiers are supported.</summary>
    public byte? SubscriptionIdentifierAvailable { get; set; }
    /// <summary>0x2A: whether shared subscriptions are supported.</summary>
    public byte? SharedSubscriptionAvailable { get; set; }

    /// <summary>Adds a user property.</summary>
    public MqttProperties AddUserProperty(string name, string value)
    {
        (UserProperties ??= []).Add(new(name, value));
        return this;
    }

    /// <summary>A shallow copy (lists copied, byte arrays shared: they are never mutated).</summary>
    public MqttProperties Clone()
    {
        var copy = (MqttProperties)MemberwiseClone();
        copy.UserProperties = UserProperties is null ? null : [.. UserProperties];
        copy.SubscriptionIdentifiers = SubscriptionIdentifiers is null ? null : [.. SubscriptionIdentifiers];
        return copy;
    }
}
