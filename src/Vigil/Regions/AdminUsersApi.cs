using System.Security.Claims;
using Vigil.Identity.Auth;
using Vigil.Identity.Staff;
using Vigil.Infrastructure.Http;

namespace Vigil.Regions;

/// <summary><c>/admins/users</c>: the Mamori wire format over <see cref="Administrators"/>.</summary>
public static class AdminUsersApi
{
    public sealed record CreateRequest(string Email, string AdminRole, int? PrefectureId = null);
    public sealed record AdminView(Guid Id, string Email, string AdminRole, int? PrefectureId, DateTimeOffset CreatedAt);
    public sealed record Created(Guid Id, string SetPasswordToken, DateTimeOffset SetPasswordTokenExpiresAt);

    private static readonly Dictionary<string, string> WireRoles = new()
    {
        ["SUPER_ADMIN_ROLE"] = Roles.SuperAdmin,
        ["NATIONAL_ADMIN_ROLE"] = Roles.NationalAdmin,
        ["PREFECTURE_ADMIN_ROLE"] = Roles.PrefectureAdmin,
    };

    public static IEndpointRouteBuilder MapAdminUsers(this IEndpointRouteBuilder routes)
    {
        var admins = routes.MapGroup("/admins/users").WithTags("Admins").RequireAuthorization(Policies.Administrator);
        admins.MapGet("", ListAsync);
        admins.MapPost("", CreateAsync).DocumentJsonBody<CreateRequest>();
        admins.MapGet("/{id:guid}", async (Guid id, ClaimsPrincipal user, Administrators administrators, CancellationToken ct) =>
            await administrators.FindAsync(id, user, ct) is { } admin ? Results.Ok(View(admin)) : ErrorMessage.NotFound("no such administrator"));
        admins.MapDelete("/{id:guid}", async (Guid id, ClaimsPrincipal user, Administrators administrators, CancellationToken ct) =>
            Reply(await administrators.DeleteAsync(user, id, ct), () => TypedResults.Json(new { })));
        return routes;
    }

    private static async Task<IResult> ListAsync(ClaimsPrincipal user, Administrators administrators, int? limit, int? offset, CancellationToken ct)
    {
        if (limit is < 1 or > 100 || offset is < 0)
        {
            return ErrorMessage.BadRequest("limit must be 1..100 and offset ≥ 0");
        }
        return TypedResults.Ok((await administrators.ListAsync(user, Paging.Of(offset, limit, defaultLimit: 100, maxLimit: 100), ct)).Select(View));
    }

    private static async Task<IResult> CreateAsync(HttpContext context, JsonBody body, Administrators administrators, CancellationToken ct)
    {
        var (request, error) = await body.ReadAsync<CreateRequest>(context.Request, ct);
        if (request is null)
        {
            return error!;
        }
        if (!WireRoles.TryGetValue(request.AdminRole, out var role))
        {
            return ErrorMessage.BadRequest("adminRole must be SUPER_ADMIN_ROLE, NATIONAL_ADMIN_ROLE or PREFECTURE_ADMIN_ROLE");
        }
        var outcome = await administrators.CreateAsync(context.User, request.Email, role, request.PrefectureId, ct);
        return Reply(outcome, () => TypedResults.Json(new Created(outcome.Created!.Account.Id, outcome.Created.SetPasswordToken, outcome.Created.ExpiresAt)));
    }

    private static IResult Reply(Administrators.Outcome outcome, Func<IResult> success) => outcome.Refusal switch
    {
        Administrators.Refusal.None => success(),
        Administrators.Refusal.Invalid => ErrorMessage.BadRequest(outcome.Message!),
        Administrators.Refusal.Forbidden => ErrorMessage.Result(StatusCodes.Status403Forbidden, outcome.Message!),
        Administrators.Refusal.Conflict => ErrorMessage.Result(StatusCodes.Status409Conflict, outcome.Message!),
        _ => ErrorMessage.NotFound(outcome.Message!),
    };

    public static AdminView View(StaffAccount a) =>
        new(a.Id, a.Email, WireRoles.First(r => r.Value == Administrators.AdminRoleOf(a)).Key, Administrators.PrefectureOf(a), a.CreatedAt);
}
