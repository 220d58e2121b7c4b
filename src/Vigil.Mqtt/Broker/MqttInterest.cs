namespace Vigil.Mqtt.Broker;

/// <summary>A topic filter some local session subscribes to, directly (<see cref="ShareGroup"/> null) or as a member of a shared group.</summary>
public readonly record struct MqttInterest(string TopicFilter, string? ShareGroup);
