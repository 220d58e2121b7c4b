using System.IO.Compression;
using System.Security.Cryptography;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Vigil.Infrastructure.Database;

namespace Vigil.Exposure.Mamori;

/// <summary>
/// <c>positives.json.gz</c>: gzip of <c>{"data": [tempID, …]}</c> with the published IDs valid from
/// local midnight 14 days ago. Rebuilt by a job; served from memory with an ETag.
/// </summary>
public sealed class PositivesFeed(IServiceScopeFactory scopes, IOptions<MamoriOptions> options, TimeProvider clock)
{
    public sealed record Snapshot(byte[] Gzip, string ETag, int Count);

    private Snapshot? _current;
    private volatile bool _stale = true;

    public void MarkStale() => _stale = true;

    public bool IsStale => _stale;

    public async Task<Snapshot> GetAsync(CancellationToken cancellationToken) =>
        _current ?? await RebuildAsync(cancellationToken);

    public async Task<Snapshot> RebuildAsync(CancellationToken cancellationToken)
    {
        _stale = false;
        var cutoff = Cutoff();
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<VigilDb>();
        var ids = await db.Set<PositiveReport>().AsNoTracking()
            .Where(r => r.Status == PositiveReportStatus.Published)
            .SelectMany(r => r.TempIds)
            .Where(t => t.ValidFrom >= cutoff)
            .Select(t => t.TempId)
            .Distinct()
            .OrderBy(id => id)
            .ToListAsync(cancellationToken);
        using var buffer = new MemoryStream();
        using (var gzip = new GZipStream(buffer, CompressionLevel.Optimal, leaveOpen: true))
        {
            await JsonSerializer.SerializeAsync(gzip, new { data = ids }, cancellationToken: cancellationToken);
        }
        var bytes = buffer.ToArray();
        var snapshot = new Snapshot(bytes, $"\"{Convert.ToHexStringLower(SHA256.HashData(bytes))[..32]}\"", ids.Count);
        _current = snapshot;
        return snapshot;
    }

    /// <summary>Unix seconds of local midnight, 14 days before today, in the configured time zone.</summary>
    public long Cutoff()
    {
        var zone = TimeZoneInfo.FindSystemTimeZoneById(options.Value.TimeZone);
        var local = TimeZoneInfo.ConvertTime(clock.GetUtcNow(), zone);
        var midnight = local.Date.AddDays(-14);
        return new DateTimeOffset(midnight, zone.GetUtcOffset(midnight)).ToUnixTimeSeconds();
    }
}
