using Microsoft.Extensions.Options;
using Vigil.Exposure.Protocol;
using Vigil.Infrastructure.Database;
using Vigil.Infrastructure.Http;
using Vigil.Infrastructure.Observability;
using static Vigil.Exposure.Protocol.EncryptedUploadResponse.Types;

namespace Vigil.Exposure.Upload;

/// <summary><c>POST /upload</c>: an app sends its keys in a NaCl box sealed to the server key it claimed.</summary>
public static class UploadApi
{
    public static IEndpointRouteBuilder MapUpload(this IEndpointRouteBuilder routes)
    {
        routes.MapPost("/upload", UploadAsync).WithTags("Exposure")
            .WithMetadata(new ProtocolErrors(() => Reply(UploadOutcome.Of(ErrorCode.ServerError))));
        return routes;
    }

    private static async Task<IResult> UploadAsync(HttpContext context, KeyUploader uploader, DatabaseOutage outage, IOptions<ExposureOptions> options)
    {
        var body = await BoundedBody.ReadAsync(context.Request, options.Value.MaxUploadBytes, context.RequestAborted);
        if (body is null || ProtobufParsing.TryParse(EncryptedUploadRequest.Parser, body) is not { } request)
        {
            return Reply(UploadOutcome.Of(ErrorCode.Unknown));
        }
        try
        {
            return Reply(await uploader.UploadAsync(request, context.RequestAborted));
        }
        catch (Exception e) when (DbErrors.IsDatabaseFailure(e))
        {
            outage.Record(e, "An upload");
            return Reply(UploadOutcome.Of(ErrorCode.ServerError));
        }
    }

    // NONE is set explicitly, as the protocol's clients expect the field present.
    private static ProtobufResult Reply(UploadOutcome outcome)
    {
        VigilMetrics.Uploads.Add(1, new KeyValuePair<string, object?>("result", outcome.Error.ToString()));
        return new(new EncryptedUploadResponse { Error = outcome.Error }, outcome.Status);
    }
}
