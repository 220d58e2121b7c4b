using Google.Protobuf;
using Microsoft.EntityFrameworkCore;
using Vigil.SignedExports;
using Vigil.Infrastructure.Database;
using Vigil.Infrastructure;

namespace Vigil.Outbreaks;

/// <summary>
/// The daily outbreak zip: <c>export.bin</c> (an OutbreakEventExport, no header) and <c>export.sig</c>
/// (OutbreakEventExportSignature, ECDSA P-256 DER over export.bin with the TEK export key). Cached like
/// the TEK exports; a correction bumps the day's version so its cached file is replaced.
/// </summary>
public sealed class OutbreakExports(ExportCache cache, ExportSigner signer)
{
    public const string Kind = "qr";

    public void MarkTodayStale(string region) => cache.MarkTodayStale(Kind, region);

    public async Task<byte[]> GetAsync(VigilDb db, string region, int day, int today, CancellationToken cancellationToken)
    {
        var (from, to) = day == 0 ? (today - UnixDay.UploadWindowDays, today) : (day, day + 1);
        var version = await db.Set<OutbreakExportVersion>()
            .Where(v => v.Region == region && v.Day >= from && v.Day < to).SumAsync(v => v.Version, cancellationToken);
        return await cache.GetAsync(Kind, region, day, today, version,
            (services, start, end, ct) => BuildAsync(services.GetRequiredService<VigilDb>(), region, start, end, ct), cancellationToken);
    }

    public async Task<byte[]> BuildAsync(VigilDb db, string region, int fromDay, int toDay, CancellationToken cancellationToken)
    {
        var (from, to) = (new UnixDay(fromDay).Start, new UnixDay(toDay).Start);
        var events = await db.Set<OutbreakEvent>().AsNoTracking()
            .Where(e => e.Region == region && e.CreatedAt >= from && e.CreatedAt < to && e.WithdrawnAt == null)
            .OrderBy(e => e.LocationId).ThenBy(e => e.CreatedAt)
            .Select(e => new { e.LocationId, e.StartTime, e.EndTime, e.Severity })
            .ToListAsync(cancellationToken);
        var export = new Protocol.OutbreakEventExport { StartTimestamp = (ulong)from.ToUnixTimeSeconds(), EndTimestamp = (ulong)to.ToUnixTimeSeconds() };
        export.Locations.AddRange(events.Select(e => new Protocol.OutbreakEvent
        {
            LocationId = e.LocationId,
            StartTime = Google.Protobuf.WellKnownTypes.Timestamp.FromDateTimeOffset(e.StartTime),
            EndTime = Google.Protobuf.WellKnownTypes.Timestamp.FromDateTimeOffset(e.EndTime),
            Severity = (uint)e.Severity,
        }));
        var bin = export.ToByteArray();
        var sig = new Protocol.OutbreakEventExportSignature { Signature = ByteString.CopyFrom(signer.Sign(bin)) }.ToByteArray();
        return ExportZip.Create(bin, sig);
    }
}
