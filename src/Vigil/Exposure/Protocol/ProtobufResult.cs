using Google.Protobuf;

namespace Vigil.Exposure.Protocol;

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

/// <summary>Reads a request body of at most a given size; null when it is larger.</summary>
public static class BoundedBody
{
    public static async Task<byte[]?> ReadAsync(HttpRequest request, int limit, CancellationToken cancellationToken)
    {
        if (request.ContentLength > limit)
        {
            return null;
        }
        using var buffer = new MemoryStream();
        var chunk = new byte[Math.Min(limit + 1, 4096)];
        int read;
        while ((read = await request.Body.ReadAsync(chunk, cancellationToken)) > 0)
        {
            if (buffer.Length + read > limit)
            {
                return null;
            }
            buffer.Write(chunk, 0, read);
        }
        return buffer.ToArray();
    }
}

/// <summary>Parsing that treats every malformed input as "not this message".</summary>
public static class ProtobufParsing
{
    public static T? TryParse<T>(MessageParser<T> parser, byte[] bytes) where T : class, IMessage<T>
    {
        try
        {
            return parser.ParseFrom(bytes);
        }
        catch (InvalidProtocolBufferException)
        {
            return null;
        }
    }
}
