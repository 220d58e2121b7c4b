using Vigil.Identity.Tokens;
using Vigil.Infrastructure.Database;
using Vigil.Infrastructure.Http;

namespace Vigil.Identity.Staff;

/// <summary>Staff sign-in: <c>POST /staff/login</c> and its Mamori name <c>POST /auth/admin/login</c>.</summary>
public static class StaffLoginApi
{
    public sealed record LoginRequest(string Email, string Password);
    public sealed record SetPasswordRequest(string Token, string Password);

    private static async Task<IResult> SetPasswordAsync(HttpRequest request, JsonBody body, StaffAccounts accounts, CancellationToken ct)
    {
        var (input, error) = await body.ReadAsync<SetPasswordRequest>(request, ct);
        if (input is null)
        {
            return error!;
        }
        try
        {
            return await accounts.SetPasswordAsync(input.Token, input.Password, ct)
                ? TypedResults.Json(new { })
                : ErrorMessage.NotFound("unknown, used or expired token");
        }
        catch (ArgumentException e)
        {
            return ErrorMessage.BadRequest(e.Message);
        }
    }

    public static IEndpointRouteBuilder MapStaffLogin(this IEndpointRouteBuilder routes)
    {
        routes.MapPost("/staff/login", LoginAsync).DocumentJsonBody<LoginRequest>().WithTags("Staff").RequireRateLimiting(RateLimits.Login);
        routes.MapPost("/auth/admin/login", LoginAsync).DocumentJsonBody<LoginRequest>().WithTags("Mamori").RequireRateLimiting(RateLimits.Login);
        routes.MapPost("/staff/set-password", SetPasswordAsync).DocumentJsonBody<SetPasswordRequest>().WithTags("Staff").RequireRateLimiting(RateLimits.Login);
        return routes;
    }

    private static async Task<IResult> LoginAsync(
        HttpRequest request, JsonBody body, StaffAccounts accounts, SessionTokens tokens, VigilDb db, CancellationToken ct)
    {
        var (input, error) = await body.ReadAsync<LoginRequest>(request, ct);
        if (input is null)
        {
            return error!;
        }
        var account = await accounts.SignInAsync(input.Email, input.Password, ct);
        if (account is null)
        {
            return ErrorMessage.Unauthorized("invalid email or password");
        }
        var pair = tokens.Start(TokenSubjects.For(account));
        await db.SaveChangesAsync(ct);
        return TypedResults.Ok(pair);
    }
}
