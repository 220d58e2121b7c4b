using System.Diagnostics.Metrics;

namespace Vigil.Infrastructure.Observability;

/// <summary>
/// Vigil's own instruments, named after the OpenTelemetry conventions (<c>vigil.&lt;area&gt;.&lt;thing&gt;</c>, units
/// in UCUM annotations). Attributes are closed sets (results, reasons, kinds); no user id, phone, token or key is ever one.
/// The broker's instruments are in <see cref="BrokerMeters"/>.
/// </summary>
public static class VigilMetrics
{
    public const string MeterName = "Vigil";

    internal static readonly Meter Meter = new(MeterName);

    public static readonly Counter<long> CodesIssued = Meter.CreateCounter<long>("vigil.exposure.codes.issued", "{code}", "One-time codes issued");

    public static readonly Counter<long> Claims = Meter.CreateCounter<long>("vigil.exposure.claims", "{claim}", "Key claims, by result");

    public static readonly Counter<long> Uploads = Meter.CreateCounter<long>("vigil.exposure.uploads", "{upload}", "Key uploads, by result");

    public static readonly Counter<long> KeysAccepted = Meter.CreateCounter<long>("vigil.exposure.keys.accepted", "{key}", "Diagnosis keys stored");

    public static readonly Counter<long> ExportBuilds = Meter.CreateCounter<long>("vigil.exports.builds", "{build}", "Signed export zips built, by kind and result");

    public static readonly Histogram<double> ExportBuildDuration = Meter.CreateHistogram<double>("vigil.exports.build.duration", "s", "Time to build a signed export zip");

    public static readonly Histogram<long> ExportSize = Meter.CreateHistogram<long>("vigil.exports.size", "By", "Size of a built signed export zip");

    public static readonly Counter<long> SignIns = Meter.CreateCounter<long>("vigil.identity.sign_ins", "{sign_in}", "Phone verifications and staff sign-ins, by method and result");

    public static readonly Counter<long> Lockouts = Meter.CreateCounter<long>("vigil.identity.lockouts", "{lockout}", "Staff accounts locked by failed sign-ins");

    public static readonly Counter<long> RefreshReuse = Meter.CreateCounter<long>("vigil.identity.refresh_token.reuse", "{detection}", "Refresh tokens presented twice (their family revoked)");

    public static readonly Counter<long> OutbreakChanges = Meter.CreateCounter<long>("vigil.outbreaks.changes", "{change}", "Outbreak events created or changed, by action");

    public static readonly Counter<long> RegionMessages = Meter.CreateCounter<long>("vigil.regions.messages.changed", "{message}", "Prefecture messages changed");

    public static readonly Counter<long> CareRecords = Meter.CreateCounter<long>("vigil.care.changes", "{change}", "Care patients registered and sessions recorded, by kind");

    public static readonly Counter<long> ContactCommands = Meter.CreateCounter<long>("vigil.contacts.commands", "{command}", "Contacts commands handled, by command");

    public static readonly Counter<long> DatabaseUnavailable = Meter.CreateCounter<long>("vigil.database.unavailable", "{failure}", "Operations that found the database unavailable");

    /// <summary>Free space of the data directory's file system, as a ratio, once <see cref="ObserveDataDirectory"/> named it.</summary>
    private static string? _dataDirectory;

    private static readonly ObservableGauge<double> DataDirectoryFree = Meter.CreateObservableGauge(
        "vigil.data_directory.free_ratio", () => _dataDirectory is { } path && new DriveInfo(path) is { IsReady: true, TotalSize: > 0 } drive
            ? [new Measurement<double>((double)drive.AvailableFreeSpace / drive.TotalSize)]
            : Array.Empty<Measurement<double>>(), "1", "Free space left on the data directory's file system");

    public static void ObserveDataDirectory(string path) => _dataDirectory = Path.GetFullPath(path);

    /// <summary>1 while the last readiness check passed, 0 after one failed; absent before the first.</summary>
    private static int _ready = -1;

    private static readonly ObservableGauge<int> ReadyGauge = Meter.CreateObservableGauge(
        "vigil.ready", () => Volatile.Read(ref _ready) is >= 0 and var ready ? [new Measurement<int>(ready)] : Array.Empty<Measurement<int>>(),
        "{ready}", "Whether the node passes its readiness checks (/readyz)");

    public static void Ready(bool ready) => Volatile.Write(ref _ready, ready ? 1 : 0);

    /// <summary>Adds one to <paramref name="counter"/> with a single closed-set attribute.</summary>
    public static void Count(this Counter<long> counter, string attribute, string value) =>
        counter.Add(1, new KeyValuePair<string, object?>(attribute, value));
}
