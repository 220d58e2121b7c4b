using System.Security.Claims;
using System.Text.Json;
using Microsoft.AspNetCore.Http.HttpResults;
using Vigil.Identity.Auth;
using Vigil.Infrastructure.Database;
using Vigil.Infrastructure.Http;

namespace Vigil.Regions;

/// <summary>Records administrative actions and serves the trail to super and national admins.</summary>
public static class AdminAudit
{
    public sealed record EntryView(string Actor, string Action, string Target, string? Before, string? After, DateTimeOffset At);

    /// <summary>Adds an entry to the context; it is saved with the change it describes.</summary>
    public static void Audit(this VigilDb db, ClaimsPrincipal actor, string action, string target, object? before, object? after, DateTimeOffset at) =>
        db.Add(new AdminAuditEntry
        {
            Actor = actor.FindFirst("email")?.Value ?? actor.FindFirst("sub")?.Value ?? "unknown",
            Action = action,
            Target = target,
            Before = before is null ? null : JsonSerializer.Serialize(before),
            After = after is null ? null : JsonSerializer.Serialize(after),
            At = at,
        });

    public static IEndpointRouteBuilder MapAdminAudit(this IEndpointRouteBuilder routes)
    {
        routes.MapGet("/admins/audit", async Task<Ok<List<EntryView>>> (Administrators administrators, int? limit, int? offset, CancellationToken ct) =>
            TypedResults.Ok((await administrators.AuditAsync(Paging.Of(offset, limit, defaultLimit: 100, maxLimit: 500), ct))
                .Select(a => new EntryView(a.Actor, a.Action, a.Target, a.Before, a.After, a.At)).ToList()))
            .WithTags("Admins").RequireAuthorization(Policies.NationalScope);
        return routes;
    }
}
