using System.Collections.Concurrent;
using System.Globalization;
using Microsoft.Extensions.Options;
using Vigil.Infrastructure;

namespace Vigil.Exposure.Retrieval;

/// <summary>
/// Serves export zips without rebuilding them per request. A finished day (and the bundle of a
/// given day) never changes: built once, kept in memory and in <c>{DataDirectory}/exports/</c>.
/// Today's partial export lives in memory; an accepted upload marks it stale, and a stale export is
/// rebuilt at most once per <c>PartialDayRebuildInterval</c> (and after <c>PartialDayMaxAge</c> regardless,
/// for uploads that reached other nodes).
/// </summary>
public sealed class ExportCache(IServiceScopeFactory scopes, DataDirectory dataDirectory, IOptions<ExposureOptions> options, TimeProvider clock)
{
    private readonly ConcurrentDictionary<string, Entry> _memory = new();
    private readonly ConcurrentDictionary<string, SemaphoreSlim> _builds = new();
    private readonly ConcurrentDictionary<string, bool> _todayStale = new();

    private sealed record Entry(byte[] Zip, DateTimeOffset BuiltAt, int ForToday);

    public void MarkTodayStale(string mcc) => _todayStale[mcc] = true;

    /// <summary>The zip for one submission day, or for the 15-day bundle when <paramref name="day"/> is 0.</summary>
    public async Task<byte[]> GetAsync(ExposureRegion region, int day, int today, CancellationToken cancellationToken)
    {
        var bundle = day == 0;
        var key = bundle ? $"{region.Mcc}/bundle-{today}" : day == today ? $"{region.Mcc}/today" : $"{region.Mcc}/{day}";
        if (_memory.TryGetValue(key, out var cached) && IsFresh(region.Mcc, key, cached, today))
        {
            return cached.Zip;
        }
        var gate = _builds.GetOrAdd(key, _ => new SemaphoreSlim(1, 1));
        await gate.WaitAsync(cancellationToken);
        try
        {
            if (_memory.TryGetValue(key, out cached) && IsFresh(region.Mcc, key, cached, today))
            {
                return cached.Zip;
            }
            var immutable = day != today;
            var file = dataDirectory.File(Path.Combine("exports", region.Mcc, key[(region.Mcc.Length + 1)..] + ".zip"));
            if (immutable && File.Exists(file))
            {
                return Remember(key, await File.ReadAllBytesAsync(file, cancellationToken), today);
            }
            if (day == today)
            {
                _todayStale[region.Mcc] = false;
            }
            var (from, to) = bundle ? (today - 15, today) : (day, day + 1);
            await using var scope = scopes.CreateAsyncScope();
            var built = await scope.ServiceProvider.GetRequiredService<ExportBuilder>().BuildAsync(region, from, to, today, cancellationToken);
            if (immutable)
            {
                Directory.CreateDirectory(Path.GetDirectoryName(file)!);
                var temp = file + ".tmp-" + Guid.NewGuid().ToString("N");
                await File.WriteAllBytesAsync(temp, built.Zip, cancellationToken);
                File.Move(temp, file, overwrite: true);
            }
            return Remember(key, built.Zip, today);
        }
        finally
        {
            gate.Release();
        }
    }

    private bool IsFresh(string mcc, string key, Entry entry, int today)
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
        var stale = _todayStale.GetValueOrDefault(mcc);
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
        var last = key[(key.LastIndexOf('/') + 1)..];
        var number = last.StartsWith("bundle-", StringComparison.Ordinal) ? last[7..] : last;
        return int.TryParse(number, NumberStyles.None, CultureInfo.InvariantCulture, out var value) && value < day;
    }
}
