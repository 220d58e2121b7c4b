using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using Vigil.Identity.Auth;
using Vigil.Infrastructure.Validation;

namespace Vigil.Outbreaks;

/// <summary>
/// <c>/qr/events</c>: the region's health-authority staff list, correct and withdraw events. Every change
/// is audited and bumps the export version of the event's day, so exports built afterwards reflect it.
/// </summary>
public static class OutbreakStaffApi
{
    public sealed record EventView(Guid Id, string LocationId, DateTimeOffset StartTime, DateTimeOffset EndTime, int Severity,
        string Region, DateTimeOffset CreatedAt, DateTimeOffset? WithdrawnAt, string? WithdrawnReason);
    public sealed record Withdrawal(string Reason);
    public sealed record AuditView(string Actor, string Action, string Details, DateTimeOffset At);

    private static readonly Dictionary<string, string[]> WindowProblem = new()
    {
        ["window"] = ["startTime < endTime, at most the maximum window long, neither too old nor in the future; severity ≥ 0"],
    };

    public static IEndpointRouteBuilder MapOutbreakStaff(this IEndpointRouteBuilder routes)
    {
        var events = routes.MapGroup("/qr/events").WithTags("Outbreaks").RequireAuthorization(Policies.HealthAuthority);
        events.MapGet("", async Task<Results<Ok<List<EventView>>, ValidationProblem>> (
            string? location, DateOnly? from, DateOnly? to, ClaimsPrincipal user, OutbreakEvents outbreaks, CancellationToken ct) =>
            InputRanges.DateProblems(("from", from), ("to", to)) is { } problems
                ? TypedResults.ValidationProblem(problems)
                : TypedResults.Ok((await outbreaks.ListAsync(user, location, from, to, ct)).Select(View).ToList()));
        events.MapPatch("/{id:guid}", async Task<Results<Ok<EventView>, NotFound, ValidationProblem>> (
            Guid id, OutbreakEvents.Correction correction, ClaimsPrincipal user, OutbreakEvents outbreaks, CancellationToken ct) =>
            await outbreaks.CorrectAsync(id, correction, user, ct) switch
            {
                (OutbreakEvents.Change.Done, { } changed) => TypedResults.Ok(View(changed)),
                (OutbreakEvents.Change.Invalid, _) => TypedResults.ValidationProblem(WindowProblem),
                _ => TypedResults.NotFound(),
            });
        events.MapPost("/{id:guid}/withdraw", async Task<Results<Ok<EventView>, NotFound, ValidationProblem>> (
            Guid id, Withdrawal withdrawal, ClaimsPrincipal user, OutbreakEvents outbreaks, CancellationToken ct) =>
            await outbreaks.WithdrawAsync(id, withdrawal.Reason, user, ct) switch
            {
                (OutbreakEvents.Change.Done, { } changed) => TypedResults.Ok(View(changed)),
                (OutbreakEvents.Change.Invalid, _) => TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["reason"] = ["a reason of 1 to 1000 characters is required"] }),
                _ => TypedResults.NotFound(),
            });
        events.MapGet("/{id:guid}/audit", async Task<Results<Ok<List<AuditView>>, NotFound>> (Guid id, ClaimsPrincipal user, OutbreakEvents outbreaks, CancellationToken ct) =>
            await outbreaks.AuditAsync(id, user, ct) is { } audit
                ? TypedResults.Ok(audit.Select(a => new AuditView(a.Actor, a.Action, a.Details, a.At)).ToList())
                : TypedResults.NotFound());
        return routes;
    }

    public static EventView View(OutbreakEvent e) =>
        new(e.Id, e.LocationId, e.StartTime, e.EndTime, e.Severity, e.Region, e.CreatedAt, e.WithdrawnAt, e.WithdrawnReason);
}
