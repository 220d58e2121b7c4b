using System.Data.Common;
using Microsoft.Extensions.Options;
using Vigil.Exposure.Claims;
using Vigil.Exposure.Protocol;
using Vigil.Identity.ApiKeys;
using Vigil.Infrastructure.Database;
using static Vigil.Outbreaks.Protocol.OutbreakEventResponse.Types;

namespace Vigil.Outbreaks;

/// <summary><c>POST /qr/new-event</c>: a health authority's system reports an outbreak at a venue.</summary>
public static class NewEventApi
{
    public static IEndpointRouteBuilder MapNewEvent(this IEndpointRouteBuilder routes)
    {
        routes.Map("/qr/new-event", SubmitAsync).WithTags("Outbreaks");
        return routes;
    }

    private static async Task<IResult> SubmitAsync(HttpContext context, VigilDb db, OutbreakExports exports, IOptions<OutbreakOptions> options, TimeProvider clock)
    {
        // The authentication middleware has already checked the Bearer API key.
        if (!HttpMethods.IsPost(context.Request.Method) || ApiKeyIdentity.From(context.User) is not { } issuer)
        {
            return PlainText.Result(StatusCodes.Status401Unauthorized, "unauthorized");
        }
        var body = await BoundedBody.ReadAsync(context.Request, options.Value.MaxBodyBytes, context.RequestAborted);
        if (body is null || ProtobufParsing.TryParse(Protocol.OutbreakEvent.Parser, body) is not { } submitted)
        {
            return Reply(ErrorCode.Unknown);
        }
        if (!OutbreakEventRules.IsValidLocationId(submitted.LocationId))
        {
            return Reply(ErrorCode.InvalidId);
        }
        if (submitted.StartTime is null || submitted.EndTime is null)
        {
            return Reply(ErrorCode.MissingTimestamp);
        }
        var now = clock.GetUtcNow();
        var (start, end) = (submitted.StartTime.ToDateTimeOffset(), submitted.EndTime.ToDateTimeOffset());
        var invalid = OutbreakEventRules.CheckWindow(start, end, now, options.Value);
        if (invalid != ErrorCode.None)
        {
            return Reply(invalid);
        }
        try
        {
            var stored = new OutbreakEvent
            {
                Id = Guid.NewGuid(),
                LocationId = submitted.LocationId,
                StartTime = start,
                EndTime = end,
                Severity = (int)Math.Min(submitted.Severity, int.MaxValue),
                Region = issuer.Region,
                ApiKeyId = issuer.Id,
                CreatedAt = now,
            };
            db.Add(stored);
            db.Add(new OutbreakEventAudit { EventId = stored.Id, Actor = "apikey:" + issuer.Id, Action = "created", Details = "", At = now });
            await db.SaveChangesAsync(context.RequestAborted);
            exports.MarkTodayStale(issuer.Region);
            return Reply(ErrorCode.None);
        }
        catch (DbException)
        {
            return Reply(ErrorCode.ServerError);
        }
    }

    private static ProtobufResult Reply(ErrorCode error) => new(new Protocol.OutbreakEventResponse { Error = error }, error switch
    {
        ErrorCode.None => StatusCodes.Status200OK,
        ErrorCode.ServerError => StatusCodes.Status500InternalServerError,
        _ => StatusCodes.Status400BadRequest,
    });
}
