using Microsoft.Extensions.Options;
using Vigil.Identity.ApiKeys;
using Vigil.Infrastructure.Http;
using static Vigil.Outbreaks.Protocol.OutbreakEventResponse.Types;

namespace Vigil.Outbreaks;

/// <summary><c>POST /qr/new-event</c>: a health authority's system reports an outbreak at a venue.</summary>
public static class NewEventApi
{
    public static IEndpointRouteBuilder MapNewEvent(this IEndpointRouteBuilder routes)
    {
        routes.Map("/qr/new-event", SubmitAsync).WithTags("Outbreaks").WithMetadata(new ProtocolErrors(() => Reply(ErrorCode.ServerError)));
        return routes;
    }

    private static async Task<IResult> SubmitAsync(HttpContext context, OutbreakEvents outbreaks, IOptions<OutbreakOptions> options)
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
        var (error, _) = await outbreaks.SubmitAsync(new OutbreakEvents.Reporter(issuer.Id, issuer.Region, "apikey:" + issuer.Id),
            submitted.LocationId, Instant(submitted.StartTime), Instant(submitted.EndTime), submitted.Severity,
            context.RequestAborted);
        return Reply(error);
    }

    /// <summary>
    /// Absent or at or before the epoch reads as missing (the protocol's MISSING_TIMESTAMP); a value no instant
    /// can hold (past year 9999, negative nanos) as the far future, which the window check refuses as PERIOD_INVALID.
    /// </summary>
    private static DateTimeOffset? Instant(Google.Protobuf.WellKnownTypes.Timestamp? timestamp) => timestamp switch
    {
        null or { Seconds: <= 0 } => null,
        _ => ProtobufTimestamps.Read(timestamp) ?? DateTimeOffset.MaxValue,
    };

    private static ProtobufResult Reply(ErrorCode error) => new(new Protocol.OutbreakEventResponse { Error = error }, error switch
    {
        ErrorCode.None => StatusCodes.Status200OK,
        ErrorCode.ServerError => StatusCodes.Status500InternalServerError,
        _ => StatusCodes.Status400BadRequest,
    });
}
