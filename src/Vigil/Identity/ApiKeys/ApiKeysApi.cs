using Microsoft.AspNetCore.Http.HttpResults;
using Vigil.Identity.Auth;

namespace Vigil.Identity.ApiKeys;

/// <summary><c>/admin/apikeys</c>: a super admin creates, lists and revokes health-authority API keys.</summary>
public static class ApiKeysApi
{
    public sealed record CreateRequest(string Region, string Name);
    public sealed record ApiKeyView(Guid Id, string Name, string Region, string Prefix, DateTimeOffset CreatedAt, DateTimeOffset? RevokedAt);
    public sealed record CreatedView(Guid Id, string Name, string Region, string Key);

    public static IEndpointRouteBuilder MapApiKeys(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/admin/apikeys").WithTags("API keys").RequireAuthorization(Policies.SuperAdmin);
        group.MapPost("", CreateAsync);
        group.MapGet("", async (ApiKeyService keys, CancellationToken ct) =>
            TypedResults.Ok((await keys.ListAsync(ct)).Select(View)));
        group.MapDelete("/{id:guid}", async Task<Results<NoContent, NotFound>> (Guid id, ApiKeyService keys, CancellationToken ct) =>
            await keys.RevokeAsync(id, ct) ? TypedResults.NoContent() : TypedResults.NotFound());
        return routes;
    }

    private static async Task<Results<Created<CreatedView>, ValidationProblem>> CreateAsync(
        CreateRequest request, ApiKeyService keys, CancellationToken ct)
    {
        try
        {
            var created = await keys.CreateAsync(request.Region ?? "", request.Name ?? "", ct);
            var key = created.Key;
            return TypedResults.Created($"/admin/apikeys/{key.Id}", new CreatedView(key.Id, key.Name, key.Region, created.Secret));
        }
        catch (ArgumentException e)
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["request"] = [e.Message] });
        }
    }

    public static ApiKeyView View(ApiKey key) => new(key.Id, key.Name, key.Region, key.Prefix, key.CreatedAt, key.RevokedAt);
}
