namespace Vigil.Mqtt.Broker;

/// <summary>Figures summed over the nodes of a cluster that reported recently.</summary>
public sealed record MqttClusterTotals(int Nodes, long ClientsConnected, long Subscriptions, long MessagesReceived, long MessagesSent, long MessagesDropped);
