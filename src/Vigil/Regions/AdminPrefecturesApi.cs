using Vigil.Infrastructure;
using System.Security.Claims;
using Microsoft.EntityFrameworkCore;
using Vigil.Identity.Auth;
using Vigil.Infrastructure.Database;
using Vigil.Infrastructure.Http;

namespace Vigil.Regions;

/// <summary><c>/admins/prefectures</c>: prefectures and their messages, within the caller's access keys.</summary>
public static class AdminPrefecturesApi
{
    public const int MaxMessageLength = 2000;

    public sealed record PrefectureView(int PrefectureId, string Message, DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt);
    public sealed record MessagePatch(string? Message = null);

    public static IEndpointRouteBuilder MapAdminPrefectures(this IEndpointRouteBuilder routes)
    {
        var prefectures = routes.MapGroup("/admins/prefectures").WithTags("Admins").RequireAuthorization(Policies.Administrator);
        prefectures.MapGet("", async (ClaimsPrincipal user, VigilDb db, CancellationToken ct) =>
            TypedResults.Ok((await Visible(db, user).OrderBy(p => p.Id).ToListAsync(ct)).Select(View)));
        prefectures.MapPost("", CreateMissingAsync).RequireAuthorization(Policies.NationalScope);
        prefectures.MapGet("/{id:int}", async (int id, ClaimsPrincipal user, VigilDb db, CancellationToken ct) =>
            await Visible(db, user).SingleOrDefaultAsync(p => p.Id == id, ct) is { } prefecture
                ? Results.Ok(View(prefecture))
                : ErrorMessage.NotFound("no such prefecture"));
        prefectures.MapPatch("/{id:int}", PatchAsync);
        return routes;
    }

    private static async Task<IResult> CreateMissingAsync(ClaimsPrincipal user, RegionCatalog regions, VigilDb db, TimeProvider clock, CancellationToken ct)
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
        return TypedResults.Json(new { });
    }

    private static async Task<IResult> PatchAsync(int id, HttpContext context, JsonBody body, VigilDb db, TimeProvider clock, CancellationToken ct)
    {
        var (patch, error) = await body.ReadAsync<MessagePatch>(context.Request, ct);
        if (patch is null)
        {
            return error!;
        }
        if (patch.Message is { Length: > MaxMessageLength })
        {
            return ErrorMessage.BadRequest($"message must be at most {MaxMessageLength} characters");
        }
        var prefecture = await db.Set<Prefecture>().SingleOrDefaultAsync(p => p.Id == id, ct);
        if (prefecture is null)
        {
            return ErrorMessage.NotFound("no such prefecture");
        }
        if (!AccessKeys.Allows(context.User, prefecture.AccessControl))
        {
            return ErrorMessage.Result(StatusCodes.Status403Forbidden, "this prefecture is outside your scope");
        }
        if (patch.Message is { } message)
        {
            var before = View(prefecture);
            prefecture.Message = message;
            prefecture.UpdatedAt = clock.GetUtcNow();
            db.Audit(context.User, "prefecture.message", $"prefecture:{id}", before, View(prefecture), prefecture.UpdatedAt);
            await db.SaveChangesAsync(ct);
        }
        return TypedResults.Json(new { });
    }

    private static IQueryable<Prefecture> Visible(VigilDb db, ClaimsPrincipal user)
    {
        var marker = AccessKeys.MarkerOf(user);
        return db.Set<Prefecture>().AsNoTracking().Where(p => p.AccessControl.Contains(marker));
    }

    private static PrefectureView View(Prefecture p) => new(p.Id, p.Message, p.CreatedAt, p.UpdatedAt);
}
