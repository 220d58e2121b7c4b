using Microsoft.EntityFrameworkCore;
using Vigil.Identity.Auth;
using Vigil.Identity.Tokens;
using Vigil.Infrastructure;
using Vigil.Infrastructure.Database;
using Vigil.Infrastructure.Http;

namespace Vigil.Identity.Users;

/// <summary>Mamori's anonymous app login: <c>POST /auth/login {"prefecture": n}</c>.</summary>
public static class AppLoginApi
{
    public sealed record LoginRequest(int Prefecture);

    public static IEndpointRouteBuilder MapAppLogin(this IEndpointRouteBuilder routes)
    {
        routes.MapPost("/auth/login", LoginAsync).DocumentJsonBody<LoginRequest>().WithTags("Mamori").RequireRateLimiting(RateLimits.Login);
        return routes;
    }

    private static async Task<IResult> LoginAsync(
        HttpContext context, JsonBody body, RegionCatalog regions, TokenValidator validator, SessionTokens tokens, VigilDb db, TimeProvider clock, CancellationToken ct)
    {
        var (input, error) = await body.ReadAsync<LoginRequest>(context.Request, ct);
        if (input is null)
        {
            return error!;
        }
        if (!regions.Exists(input.Prefecture))
        {
            return ErrorMessage.BadRequest($"prefecture must be one of the configured regions (0..{regions.MaxId})");
        }
        AppUser? user = null;
        if (AuthSchemes.BearerCredential(context.Request) is { } presented)
        {
            var identity = await validator.ValidateAccessTokenAsync(presented);
            if (identity is null || !identity.HasClaim("role", Roles.AppUser)
                || !Guid.TryParse(identity.FindFirst("sub")?.Value, out var userId)
                || (user = await db.Set<AppUser>().AsNoTracking().SingleOrDefaultAsync(u => u.Id == userId, ct)) is null)
            {
                return ErrorMessage.Unauthorized("invalid token");
            }
        }
        if (user is null)
        {
            user = new AppUser { Id = Guid.NewGuid(), Prefecture = input.Prefecture, CreatedAt = clock.GetUtcNow() };
            db.Add(user);
        }
        var pair = tokens.Start(TokenSubjects.For(user));
        await db.SaveChangesAsync(ct);
        return TypedResults.Ok(pair);
    }
}
