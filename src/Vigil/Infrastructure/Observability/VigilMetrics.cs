using System.Diagnostics.Metrics;

namespace Vigil.Infrastructure.Observability;

/// <summary>
/// Vigil's own instruments, named after the OpenTelemetry conventions (<c>vigil.&lt;area&gt;.&lt;thing&gt;</c>, units
/// in UCUM annotations). Attributes are closed sets (results, reasons); no user id, phone, token or key is ever one.
/// </summary>
public static class VigilMetrics
{
    public const string MeterName = "Vigil";

    private static readonly Meter Meter = new(MeterName);

    public static readonly Counter<long> CodesIssued = Meter.CreateCounter<long>("vigil.exposure.codes.issued", "{code}", "One-time codes issued");

    public static readonly Counter<long> Claims = Meter.CreateCounter<long>("vigil.exposure.claims", "{claim}", "Key claims, by result");

    public static readonly Counter<long> Uploads = Meter.CreateCounter<long>("vigil.exposure.uploads", "{upload}", "Key uploads, by result");

    public static readonly Counter<long> Lockouts = Meter.CreateCounter<long>("vigil.identity.lockouts", "{lockout}", "Staff accounts locked by failed sign-ins");

    public static readonly Counter<long> DatabaseUnavailable = Meter.CreateCounter<long>("vigil.database.unavailable", "{failure}", "Operations that found the database unavailable");

    public static readonly Counter<long> KeysAccepted = Meter.CreateCounter<long>("vigil.exposure.keys.accepted", "{key}", "Diagnosis keys stored");

    private static readonly System.Collections.Concurrent.ConcurrentDictionary<Mqtt.Broker.MqttBroker, byte> Brokers = new();

    // The broker keeps its own counters; these read them when a reader collects, so the hot path pays nothing.
    private static readonly ObservableUpDownCounter<long> Connections = Meter.CreateObservableUpDownCounter(
        "vigil.broker.connections", () => Sum(b => b.Statistics.ClientsConnected), "{connection}", "Connected MQTT clients");
    private static readonly ObservableUpDownCounter<long> Subscriptions = Meter.CreateObservableUpDownCounter(
        "vigil.broker.subscriptions", () => Sum(b => b.SubscriptionCount), "{subscription}", "Live subscriptions");
    private static readonly ObservableCounter<long> Received = Meter.CreateObservableCounter(
        "vigil.broker.messages.received", () => Sum(b => b.Statistics.MessagesReceived), "{message}", "PUBLISHes received");
    private static readonly ObservableCounter<long> Sent = Meter.CreateObservableCounter(
        "vigil.broker.messages.sent", () => Sum(b => b.Statistics.MessagesSent), "{message}", "Messages delivered");
    private static readonly ObservableCounter<long> Dropped = Meter.CreateObservableCounter(
        "vigil.broker.messages.dropped", () => Sum(b => b.Statistics.MessagesDropped), "{message}", "Messages dropped");
    private static readonly ObservableCounter<long> Refused = Meter.CreateObservableCounter(
        "vigil.broker.connections.refused", () => Sum(b => b.Statistics.ConnectionsRefused), "{connection}", "CONNECTs refused");

    /// <summary>Free space of the data directory's file system, as a ratio, once <see cref="ObserveDataDirectory"/> named it.</summary>
    private static string? _dataDirectory;

    private static readonly ObservableGauge<double> DataDirectoryFree = Meter.CreateObservableGauge(
        "vigil.data_directory.free_ratio", () => _dataDirectory is { } path && new DriveInfo(path) is { IsReady: true, TotalSize: > 0 } drive
            ? [new Measurement<double>((double)drive.AvailableFreeSpace / drive.TotalSize)]
            : Array.Empty<Measurement<double>>(), "1", "Free space left on the data directory's file system");

    public static void ObserveDataDirectory(string path) => _dataDirectory = Path.GetFullPath(path);

    /// <summary>Counts this broker in the broker instruments until <see cref="ForgetBroker"/>.</summary>
    public static void ObserveBroker(Mqtt.Broker.MqttBroker broker) => Brokers.TryAdd(broker, 0);

    public static void ForgetBroker(Mqtt.Broker.MqttBroker broker) => Brokers.TryRemove(broker, out _);

    private static long Sum(Func<Mqtt.Broker.MqttBroker, long> read) => Brokers.Keys.Sum(read);
}
