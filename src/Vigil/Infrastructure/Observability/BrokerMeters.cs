using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using System.Globalization;
using Vigil.Mqtt.Broker;
using Vigil.Mqtt.Protocol;

namespace Vigil.Infrastructure.Observability;

/// <summary>
/// The broker's instruments. The engine keeps its own counters; these read them when a reader collects, so the
/// hot path pays nothing.
/// </summary>
public static class BrokerMeters
{
    private static readonly ConcurrentDictionary<MqttBroker, byte> Brokers = new();
    private static readonly MqttQoS[] Levels = [MqttQoS.AtMostOnce, MqttQoS.AtLeastOnce, MqttQoS.ExactlyOnce];

    private static readonly ObservableUpDownCounter<long> Connections = VigilMetrics.Meter.CreateObservableUpDownCounter(
        "vigil.broker.connections", () => Sum(b => b.Statistics.ClientsConnected), "{connection}", "Connected MQTT clients");
    private static readonly ObservableUpDownCounter<long> Subscriptions = VigilMetrics.Meter.CreateObservableUpDownCounter(
        "vigil.broker.subscriptions", () => Sum(b => b.SubscriptionCount), "{subscription}", "Live subscriptions");
    private static readonly ObservableUpDownCounter<long> Queued = VigilMetrics.Meter.CreateObservableUpDownCounter(
        "vigil.broker.messages.queued", () => Sum(b => b.QueuedMessageCount), "{message}", "Messages waiting in sessions for their client");
    private static readonly ObservableCounter<long> Received = VigilMetrics.Meter.CreateObservableCounter(
        "vigil.broker.messages.received", () => ByQoS((b, q) => b.Statistics.MessagesReceivedAt(q)), "{message}", "PUBLISHes received, by QoS");
    private static readonly ObservableCounter<long> Sent = VigilMetrics.Meter.CreateObservableCounter(
        "vigil.broker.messages.sent", () => ByQoS((b, q) => b.Statistics.MessagesSentAt(q)), "{message}", "Messages delivered, by QoS");
    private static readonly ObservableCounter<long> Dropped = VigilMetrics.Meter.CreateObservableCounter(
        "vigil.broker.messages.dropped", () => Sum(b => b.Statistics.MessagesDropped), "{message}", "Messages dropped by a limit");
    private static readonly ObservableCounter<long> Refused = VigilMetrics.Meter.CreateObservableCounter(
        "vigil.broker.connections.refused", RefusedByReason, "{connection}", "CONNECTs refused, by MQTT 5 reason code");

    /// <summary>Counts this broker in the broker instruments until <see cref="Forget"/>.</summary>
    public static void Observe(MqttBroker broker) => Brokers.TryAdd(broker, 0);

    public static void Forget(MqttBroker broker) => Brokers.TryRemove(broker, out _);

    private static long Sum(Func<MqttBroker, long> read) => Brokers.Keys.Sum(read);

    private static IEnumerable<Measurement<long>> ByQoS(Func<MqttBroker, MqttQoS, long> read) =>
        Levels.Select(q => new Measurement<long>(Sum(b => read(b, q)), new KeyValuePair<string, object?>("mqtt.qos", (int)q)));

    private static IEnumerable<Measurement<long>> RefusedByReason() =>
        Brokers.Keys.SelectMany(b => b.Statistics.ConnectionsRefusedByReason())
            .GroupBy(r => r.Reason)
            .Select(g => new Measurement<long>(g.Sum(r => r.Count),
                new KeyValuePair<string, object?>("mqtt.connack.reason_code", "0x" + g.Key.ToString("X2", CultureInfo.InvariantCulture))));
}
