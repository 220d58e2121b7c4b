using Google.Protobuf;

namespace Vigil.Infrastructure.Http;

/// <summary>A protobuf message as an <c>application/x-protobuf</c> response with a status code.</summary>
public sealed class ProtobufResult(IMessage message, int statusCode) : IResult, IStatusCodeHttpResult
{
    public const string ContentType = "application/x-protobuf";

    public int? StatusCode => statusCode;

    public Task ExecuteAsync(HttpContext httpContext)
    {
        var bytes = message.ToByteArray();
        httpContext.Response.StatusCode = statusCode;
        httpContext.Response.ContentType = ContentType;
        httpContext.Response.ContentLength = bytes.Length;
        return httpContext.Response.Body.WriteAsync(bytes).AsTask();
    }
}
