using Vigil.Infrastructure;
using System.Security.Cryptography;
using System.Security.Claims;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Vigil.Identity.Auth;
using Vigil.Identity.Users;
using Vigil.Infrastructure.Database;
using Vigil.Infrastructure.Http;

namespace Vigil.Regions;

/// <summary>The app user's profile and its prefecture's message.</summary>
public static class AppProfileApi
{
    public sealed record Profile(int? Prefecture);
    public sealed record ProfilePatch(int? Prefecture = null);
    public sealed record MessageView(int PrefectureId, string Message, DateTimeOffset UpdatedAt);

    public static IEndpointRouteBuilder MapAppProfile(this IEndpointRouteBuilder routes)
    {
        var app = routes.MapGroup("").WithTags("Regions").RequireAuthorization(Policies.AppUser);
        app.MapGet("/users/me/profile", async (ClaimsPrincipal user, VigilDb db, CancellationToken ct) =>
            await db.Set<AppUser>().AsNoTracking().Where(u => u.Id == UserId(user)).Select(u => new Profile(u.Prefecture)).SingleOrDefaultAsync(ct)
                is { } profile ? Results.Ok(profile) : ErrorMessage.NotFound("no such user"));
        app.MapPatch("/users/me/profile", PatchAsync).DocumentJsonBody<ProfilePatch>();
        app.MapGet("/prefectures/{id:int}/message", MessageAsync);
        return routes;
    }

    private static async Task<IResult> PatchAsync(HttpContext context, JsonBody body, RegionCatalog regions, VigilDb db, CancellationToken ct)
    {
        var (patch, error) = await body.ReadAsync<ProfilePatch>(context.Request, ct);
        if (patch is null)
        {
            return error!;
        }
        if (patch.Prefecture is { } prefecture)
        {
            if (!regions.Exists(prefecture))
            {
                return ErrorMessage.BadRequest($"prefecture must be one of 0..{regions.MaxId}");
            }
            await db.Set<AppUser>().Where(u => u.Id == UserId(context.User))
                .ExecuteUpdateAsync(s => s.SetProperty(u => u.Prefecture, prefecture), ct);
        }
        return TypedResults.Json(new { });
    }

    private static async Task<IResult> MessageAsync(int id, HttpContext context, VigilDb db, CancellationToken ct)
    {
        var prefecture = await db.Set<Prefecture>().AsNoTracking().SingleOrDefaultAsync(p => p.Id == id, ct);
        if (prefecture is null)
        {
            return ErrorMessage.NotFound("no message for this prefecture");
        }
        var etag = $"\"{Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes($"{prefecture.UpdatedAt.ToUnixTimeMilliseconds()}:{prefecture.Message}")))[..32]}\"";
        context.Response.Headers.ETag = etag;
        context.Response.Headers.CacheControl = "private, max-age=60";
        return context.Request.Headers.IfNoneMatch.Contains(etag)
            ? TypedResults.StatusCode(StatusCodes.Status304NotModified)
            : TypedResults.Ok(new MessageView(prefecture.Id, prefecture.Message, prefecture.UpdatedAt));
    }

    private static Guid UserId(ClaimsPrincipal user) => Guid.Parse(user.FindFirst("sub")!.Value);
}
