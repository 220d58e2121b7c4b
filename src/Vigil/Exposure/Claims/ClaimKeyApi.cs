using Google.Protobuf;
using Google.Protobuf.WellKnownTypes;
using Microsoft.Extensions.Options;
using Vigil.Exposure.Protocol;
using Vigil.Infrastructure.Database;
using Vigil.Infrastructure.Http;
using Vigil.Infrastructure.Observability;
using static Vigil.Exposure.Protocol.KeyClaimResponse.Types;

namespace Vigil.Exposure.Claims;

/// <summary><c>POST /claim-key</c>: an app trades a one-time code and its public key for the server's key.</summary>
public static class ClaimKeyApi
{
    private const int MaxBodyBytes = 256;

    public static IEndpointRouteBuilder MapClaimKey(this IEndpointRouteBuilder routes)
    {
        routes.MapPost("/claim-key", ClaimAsync).WithTags("Exposure").WithMetadata(new ProtocolErrors(ServerError));
        return routes;
    }

    private static async Task<IResult> ClaimAsync(
        HttpContext context, ClaimBans bans, KeyClaimer claimer, DatabaseOutage outage, IOptions<ExposureOptions> options)
    {
        var ct = context.RequestAborted;
        var client = RateLimits.ClientPartition(context.Connection.RemoteIpAddress);
        try
        {
            var standing = await bans.GetAsync(client, ct);
            if (standing.Banned)
            {
                return Reply(StatusCodes.Status429TooManyRequests, ErrorCode.TemporaryBan, standing);
            }
            var body = await BoundedBody.ReadAsync(context.Request, MaxBodyBytes, ct);
            if (body is null || ProtobufParsing.TryParse(KeyClaimRequest.Parser, body) is not { } request)
            {
                return Reply(StatusCodes.Status400BadRequest, ErrorCode.Unknown, standing);
            }
            if (request.AppPublicKey.Length != Sodium.NaclBox.PublicKeyBytes)
            {
                return Reply(StatusCodes.Status400BadRequest, ErrorCode.InvalidKey, standing);
            }
            var outcome = await claimer.ClaimAsync(request.OneTimeCode, request.AppPublicKey.ToByteArray(), ct);
            switch (outcome.Result)
            {
                case KeyClaimer.Result.Claimed:
                    if (standing.TriesRemaining < options.Value.MaxClaimFailures)
                    {
                        await bans.ResetAsync(client, ct);
                    }
                    Count(ErrorCode.None);
                    return new ProtobufResult(new KeyClaimResponse
                    {
                        ServerPublicKey = ByteString.CopyFrom(outcome.ServerPublicKey),
                        TriesRemaining = (uint)options.Value.MaxClaimFailures,
                    }, StatusCodes.Status200OK);
                case KeyClaimer.Result.KeyAlreadyRegistered:
                    return Reply(StatusCodes.Status401Unauthorized, ErrorCode.InvalidKey, standing);
                default:
                    return Reply(StatusCodes.Status401Unauthorized, ErrorCode.InvalidOneTimeCode, await bans.RecordFailureAsync(client, ct));
            }
        }
        catch (Exception e) when (DbErrors.IsDatabaseFailure(e))
        {
            outage.Record(e, "A key claim");
            return ServerError();
        }
    }

    private static ProtobufResult ServerError()
    {
        Count(ErrorCode.ServerError);
        return new(new KeyClaimResponse { Error = ErrorCode.ServerError, TriesRemaining = 0 }, StatusCodes.Status500InternalServerError);
    }

    private static ProtobufResult Reply(int status, ErrorCode error, ClaimBans.Standing standing)
    {
        Count(error);
        return new(new KeyClaimResponse
        {
            Error = error,
            TriesRemaining = (uint)standing.TriesRemaining,
            RemainingBanDuration = Duration.FromTimeSpan(standing.BanRemaining),
        }, status);
    }

    private static void Count(ErrorCode result) => VigilMetrics.Claims.Add(1, new KeyValuePair<string, object?>("result", result.ToString()));
}
