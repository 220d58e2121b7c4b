using Vigil.Infrastructure.Observability;
using System.Security.Claims;
using Microsoft.EntityFrameworkCore;
using Vigil.Infrastructure;
using Vigil.Infrastructure.Database;

namespace Vigil.Regions;

/// <summary>Prefectures and their messages within the caller's access keys; every change is audited.</summary>
public sealed class PrefectureMessages(VigilDb db, RegionCatalog regions, TimeProvider clock)
{
    public const int MaxMessageLength = 2000;

    public enum Change { Done, NotFound, Forbidden, TooLong }

    public Task<List<Prefecture>> VisibleAsync(ClaimsPrincipal user, CancellationToken ct) => Visible(user).OrderBy(p => p.Id).ToListAsync(ct);

    public Task<Prefecture?> FindAsync(int id, ClaimsPrincipal user, CancellationToken ct) => Visible(user).SingleOrDefaultAsync(p => p.Id == id, ct);

    /// <summary>Sets the message; a null message changes nothing but still answers whether the caller could.</summary>
    public async Task<Change> SetMessageAsync(int id, string? message, ClaimsPrincipal user, CancellationToken ct)
    {
        if (message?.Length > MaxMessageLength)
        {
            return Change.TooLong;
        }
        var prefecture = await db.Set<Prefecture>().SingleOrDefaultAsync(p => p.Id == id, ct);
        if (prefecture is null)
        {
            return Change.NotFound;
        }
        if (!AccessKeys.Allows(user, prefecture.AccessControl))
        {
            return Change.Forbidden;
        }
        if (message is null)
        {
            return Change.Done;
        }
        var before = Snapshot(prefecture);
        prefecture.Message = message;
        prefecture.UpdatedAt = clock.GetUtcNow();
        db.Audit(user, "prefecture.message", $"prefecture:{id}", before, Snapshot(prefecture), prefecture.UpdatedAt);
        await db.SaveChangesAsync(ct);
        VigilMetrics.RegionMessages.Add(1);
        return Change.Done;
    }

    /// <summary>Creates every configured prefecture that does not exist yet (national scope only, checked by the caller's policy).</summary>
    public async Task CreateMissingAsync(ClaimsPrincipal user, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        var existing = await db.Set<Prefecture>().Select(p => p.Id).ToListAsync(ct);
        var missing = regions.All.Where(r => !existing.Contains(r.Id)).ToList();
        foreach (var region in missing)
        {
            db.Add(new Prefecture
            {
                Id = region.Id,
                Message = $"Prefecture message {region.Id}",
                AccessControl = AccessKeys.ForPrefecture(region.Id),
                CreatedAt = now,
                UpdatedAt = now,
            });
        }
        db.Audit(user, "prefectures.created", "prefectures", null, missing.Select(r => r.Id), now);
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException e) when (DbErrors.IsUniqueViolation(e))
        {
            // Another admin created them at the same moment; the set is complete either way.
        }
    }

    private IQueryable<Prefecture> Visible(ClaimsPrincipal user)
    {
        var marker = AccessKeys.MarkerOf(user);
        return db.Set<Prefecture>().AsNoTracking().Where(p => p.AccessControl.Contains(marker));
    }

    private static object Snapshot(Prefecture p) => new { PrefectureId = p.Id, p.Message, p.CreatedAt, p.UpdatedAt };
}
