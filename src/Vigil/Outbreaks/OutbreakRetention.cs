using Microsoft.EntityFrameworkCore;
using Vigil.Infrastructure;
using Vigil.Infrastructure.Database;

namespace Vigil.Outbreaks;

/// <summary>Deletes events (and their audit and version rows) received before 00:00 UTC of today−15.</summary>
public sealed class OutbreakRetention(VigilDb db, TimeProvider clock)
{
    public async Task<int> RunAsync(CancellationToken cancellationToken)
    {
        var firstKept = UnixDay.Of(clock.GetUtcNow()).AddDays(-UnixDay.UploadWindowDays);
        var (cutoff, firstKeptDay) = (firstKept.Start, firstKept.Number);
        var old = db.Set<OutbreakEvent>().Where(e => e.CreatedAt < cutoff).Select(e => e.Id);
        await db.Set<OutbreakEventAudit>().Where(a => old.Contains(a.EventId)).ExecuteDeleteAsync(cancellationToken);
        await db.Set<OutbreakExportVersion>().Where(v => v.Day < firstKeptDay).ExecuteDeleteAsync(cancellationToken);
        return await db.Set<OutbreakEvent>().Where(e => e.CreatedAt < cutoff).ExecuteDeleteAsync(cancellationToken);
    }
}
