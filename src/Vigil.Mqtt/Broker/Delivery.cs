using Vigil.Mqtt.Protocol;

namespace Vigil.Mqtt.Broker;

/// <summary>A message on its way to one session, at the QoS and retain flag of that delivery.</summary>
internal sealed record Delivery(MqttApplicationMessage Message, MqttQoS QoS, bool Retain, List<int>? SubscriptionIds);
