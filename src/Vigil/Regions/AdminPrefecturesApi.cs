using System.Security.Claims;
using Vigil.Identity.Auth;
using Vigil.Infrastructure.Http;

namespace Vigil.Regions;

/// <summary><c>/admins/prefectures</c>: prefectures and their messages, within the caller's access keys.</summary>
public static class AdminPrefecturesApi
{
    public const int MaxMessageLength = PrefectureMessages.MaxMessageLength;

    public sealed record PrefectureView(int PrefectureId, string Message, DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt);
    public sealed record MessagePatch(string? Message = null);

    public static IEndpointRouteBuilder MapAdminPrefectures(this IEndpointRouteBuilder routes)
    {
        var prefectures = routes.MapGroup("/admins/prefectures").WithTags("Admins").RequireAuthorization(Policies.Administrator);
        prefectures.MapGet("", async (ClaimsPrincipal user, PrefectureMessages messages, CancellationToken ct) =>
            TypedResults.Ok((await messages.VisibleAsync(user, ct)).Select(View)));
        prefectures.MapPost("", async (ClaimsPrincipal user, PrefectureMessages messages, CancellationToken ct) =>
        {
            await messages.CreateMissingAsync(user, ct);
            return TypedResults.Json(new { });
        }).RequireAuthorization(Policies.NationalScope);
        prefectures.MapGet("/{id:int}", async (int id, ClaimsPrincipal user, PrefectureMessages messages, CancellationToken ct) =>
            await messages.FindAsync(id, user, ct) is { } prefecture ? Results.Ok(View(prefecture)) : ErrorMessage.NotFound("no such prefecture"));
        prefectures.MapPatch("/{id:int}", PatchAsync).DocumentJsonBody<MessagePatch>();
        return routes;
    }

    private static async Task<IResult> PatchAsync(int id, HttpContext context, JsonBody body, PrefectureMessages messages, CancellationToken ct)
    {
        var (patch, error) = await body.ReadAsync<MessagePatch>(context.Request, ct);
        if (patch is null)
        {
            return error!;
        }
        return await messages.SetMessageAsync(id, patch.Message, context.User, ct) switch
        {
            PrefectureMessages.Change.Done => TypedResults.Json(new { }),
            PrefectureMessages.Change.TooLong => ErrorMessage.BadRequest($"message must be at most {MaxMessageLength} characters"),
            PrefectureMessages.Change.Forbidden => ErrorMessage.Result(StatusCodes.Status403Forbidden, "this prefecture is outside your scope"),
            _ => ErrorMessage.NotFound("no such prefecture"),
        };
    }

    private static PrefectureView View(Prefecture p) => new(p.Id, p.Message, p.CreatedAt, p.UpdatedAt);
}
