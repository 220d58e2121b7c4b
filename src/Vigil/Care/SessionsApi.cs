using System.Security.Claims;
using Vigil.Identity.Auth;

namespace Vigil.Care;

/// <summary><c>/care/sessions</c> over <see cref="CareSessions"/>: numbered, immutable, voided by an admin with a reason.</summary>
public static class SessionsApi
{
    public sealed record VoidInput(string Reason);

    public static RouteGroupBuilder MapSessions(this RouteGroupBuilder care)
    {
        care.MapGet("/sessions", async (ClaimsPrincipal user, CareSessions sessions, Guid recordId, CancellationToken ct) =>
            await sessions.ListAsync(CareAccess.Of(user), recordId, ct) is { } list ? Results.Ok(list) : Results.NotFound());
        // Only GET exists for a single session: PUT, PATCH and DELETE answer 405, as sessions are immutable.
        care.MapGet("/sessions/{id:guid}", async (Guid id, ClaimsPrincipal user, CareSessions sessions, CancellationToken ct) =>
            await sessions.FindAsync(CareAccess.Of(user), id, ct) is { } session ? Results.Ok(session) : Results.NotFound());
        care.MapPost("/sessions", async (CareSessions.SessionInput input, ClaimsPrincipal user, CareSessions sessions, CancellationToken ct) =>
            await sessions.WriteAsync(CareAccess.Of(user), input, ct) switch
            {
                { Refusal: CareSessions.Refusal.None, Session: { } session } => Results.Created($"/care/sessions/{session.Id}", session),
                { Refusal: CareSessions.Refusal.Invalid } invalid => TypedResults.ValidationProblem(invalid.Problems!),
                { Refusal: CareSessions.Refusal.NotFound } => Results.NotFound(),
                _ => TypedResults.Forbid(),
            });
        care.MapPost("/sessions/{id:guid}/void", async (Guid id, VoidInput input, ClaimsPrincipal user, CareSessions sessions, CancellationToken ct) =>
            await sessions.VoidAsync(CareAccess.Of(user), id, input.Reason, ct) switch
            {
                (CareSessions.Refusal.None, { } session) => Results.Ok(session),
                (CareSessions.Refusal.Invalid, _) => TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["reason"] = ["a reason is required"] }),
                _ => Results.NotFound(),
            }).RequireAuthorization(p => p.RequireRole(Roles.ClinicAdmin));
        return care;
    }
}
