using System.Diagnostics;
using Vigil.Infrastructure.Observability;
using System.Collections.Concurrent;
using System.Globalization;
using Microsoft.Extensions.Options;
using Vigil.Infrastructure;

namespace Vigil.SignedExports;

/// <summary>
/// Serves export zips without rebuilding them per request. A finished day (and the bundle of a
/// given day) never changes: built once, kept in memory and in <c>{DataDirectory}/exports/</c>.
/// Today's partial export lives in memory; an accepted upload marks it stale, and a stale export is
/// rebuilt at most once per <c>PartialDayRebuildInterval</c> (and after <c>PartialDayMaxAge</c> regardless,
/// for uploads that reached other nodes).
/// </summary>
public sealed class ExportCache(IServiceScopeFactory scopes, DataDirectory dataDirectory, IOptions<SignedExportOptions> options, TimeProvider clock)
{
    /// <summary>Builds the zip of submission days [from, to) as seen on <c>today</c>.</summary>
    public delegate Task<byte[]> Build(IServiceProvider services, int from, int to, CancellationToken cancellationToken);

    private readonly ConcurrentDictionary<string, Entry> _memory = new();
    private readonly ConcurrentDictionary<string, SemaphoreSlim> _builds = new();
    private readonly ConcurrentDictionary<string, bool> _todayStale = new();

    private sealed record Entry(byte[] Zip, DateTimeOffset BuiltAt, int ForToday);

    /// <summary>Raised when a change on this node made today's export stale (a cluster tells the other nodes).</summary>
    public event Action<string, string>? MarkedStale;

    public void MarkTodayStale(string kind, string mcc)
    {
        MarkTodayStaleHere(kind, mcc);
        MarkedStale?.Invoke(kind, mcc);
    }

    /// <summary>Today's export changed on another node: rebuilt here within <c>PartialDayRebuildInterval</c> too.</summary>
    public void MarkTodayStaleHere(string kind, string mcc) => _todayStale[$"{kind}/{mcc}"] = true;

    /// <summary>
    /// The <paramref name="kind"/> zip ("keys", "qr") of one submission day, or of the 15-day bundle when
    /// <paramref name="day"/> is 0. A different <paramref name="version"/> (content changed after the day
    /// ended) is a different file.
    /// </summary>
    public async Task<byte[]> GetAsync(string kind, string mcc, int day, int today, int version, Build build, CancellationToken cancellationToken)
    {
        var bundle = day == 0;
        var scope = $"{kind}/{mcc}";
        var name = (bundle ? $"bundle-{today}" : day == today ? "today" : day.ToString(CultureInfo.InvariantCulture))
            + (version == 0 ? "" : $"-v{version}");
        var key = $"{scope}/{name}";
        if (_memory.TryGetValue(key, out var cached) && IsFresh(scope, key, cached, today))
        {
            return cached.Zip;
        }
        var gate = _builds.GetOrAdd(key, _ => new SemaphoreSlim(1, 1));
        await gate.WaitAsync(cancellationToken);
        try
        {
            if (_memory.TryGetValue(key, out cached) && IsFresh(scope, key, cached, today))
            {
                return cached.Zip;
            }
            var immutable = day != today;
            var file = dataDirectory.File(Path.Combine("exports", kind, mcc, name + ".zip"));
            if (immutable && File.Exists(file))
            {
                return Remember(key, await File.ReadAllBytesAsync(file, cancellationToken), today);
            }
            if (day == today)
            {
                _todayStale[scope] = false;
            }
            var (from, to) = bundle ? (today - UnixDay.UploadWindowDays, today) : (day, day + 1);
            await using var services = scopes.CreateAsyncScope();
            var zip = await BuildMeasuredAsync(kind, () => build(services.ServiceProvider, from, to, cancellationToken));
            if (immutable)
            {
                Directory.CreateDirectory(Path.GetDirectoryName(file)!);
                var temp = file + ".tmp-" + Guid.NewGuid().ToString("N");
                await File.WriteAllBytesAsync(temp, zip, cancellationToken);
                File.Move(temp, file, overwrite: true);
            }
            return Remember(key, zip, today);
        }
        finally
        {
            gate.Release();
        }
    }

    private static async Task<byte[]> BuildMeasuredAsync(string kind, Func<Task<byte[]>> build)
    {
        var started = Stopwatch.GetTimestamp();
        var kindTag = new KeyValuePair<string, object?>("vigil.export.kind", kind);
        try
        {
            var zip = await build();
            VigilMetrics.ExportBuilds.Add(1, kindTag, new KeyValuePair<string, object?>("result", "ok"));
            VigilMetrics.ExportBuildDuration.Record(Stopwatch.GetElapsedTime(started).TotalSeconds, kindTag);
            VigilMetrics.ExportSize.Record(zip.Length, kindTag);
            return zip;
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            VigilMetrics.ExportBuilds.Add(1, kindTag, new KeyValuePair<string, object?>("result", "failed"));
            throw;
        }
    }

    private bool IsFresh(string scope, string key, Entry entry, int today)
    {
        if (!key.EndsWith("/today", StringComparison.Ordinal))
        {
            return true;
        }
        if (entry.ForToday != today)
        {
            return false;
        }
        var age = clock.GetUtcNow() - entry.BuiltAt;
        var stale = _todayStale.GetValueOrDefault(scope);
        return age < options.Value.PartialDayMaxAge && !(stale && age >= options.Value.PartialDayRebuildInterval);
    }

    private byte[] Remember(string key, byte[] zip, int today)
    {
        _memory[key] = new Entry(zip, clock.GetUtcNow(), today);
        // Drop days that have aged out of every window.
        foreach (var old in _memory.Keys.Where(k => IsOlderThan(k, today - 16)).ToList())
        {
            _memory.TryRemove(old, out _);
        }
        return zip;
    }

    private static bool IsOlderThan(string key, int day)
    {
        var last = key[(key.LastIndexOf('/') + 1)..].Split("-v")[0];
        var number = last.StartsWith("bundle-", StringComparison.Ordinal) ? last[7..] : last;
        return int.TryParse(number, NumberStyles.None, CultureInfo.InvariantCulture, out var value) && value < day;
    }
}
