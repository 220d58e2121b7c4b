using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.Extensions.Options;

namespace Vigil.Infrastructure.Http;

/// <summary>
/// Reads a JSON request body strictly and with a size cap: unknown fields, wrong types, missing
/// or null required values all fail with a clear 400, an oversize body with 413. Content types are
/// not checked because the protocols' clients (and curl -d) send JSON under several.
/// </summary>
public sealed class JsonBody(IOptions<VigilOptions> options)
{
    public static readonly JsonSerializerOptions Strict = MakeStrict(new JsonSerializerOptions(JsonSerializerDefaults.Web));

    /// <summary>
    /// The one definition of strict reading, applied to request bodies (here and in bound parameters) and to
    /// MQTT payloads alike: unknown fields, nulls where none may be, type mismatches and NUL characters are refused.
    /// </summary>
    public static JsonSerializerOptions MakeStrict(JsonSerializerOptions options)
    {
        options.UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow;
        options.RespectNullableAnnotations = true;
        options.RespectRequiredConstructorParameters = true;
        options.NumberHandling = JsonNumberHandling.Strict;
        options.Converters.Add(new TextWithoutNul());
        return options;
    }

    public Task<(T? Value, IResult? Error)> ReadAsync<T>(HttpRequest request, CancellationToken cancellationToken)
        where T : class => ReadAsync<T>(request, options.Value.MaxJsonBodyBytes, cancellationToken);

    public async Task<(T? Value, IResult? Error)> ReadAsync<T>(HttpRequest request, int limit, CancellationToken cancellationToken)
        where T : class
    {
        if (request.ContentLength > limit)
        {
            return (null, TooLarge(limit));
        }
        using var buffer = new MemoryStream();
        var chunk = new byte[4096];
        int read;
        while ((read = await request.Body.ReadAsync(chunk, cancellationToken)) > 0)
        {
            if (buffer.Length + read > limit)
            {
                return (null, TooLarge(limit));
            }
            buffer.Write(chunk, 0, read);
        }
        if (buffer.Length == 0)
        {
            return (null, ErrorMessage.BadRequest("request body is empty; a JSON object is expected"));
        }
        try
        {
            var value = JsonSerializer.Deserialize<T>(buffer.GetBuffer().AsSpan(0, (int)buffer.Length), Strict);
            return value is null
                ? (null, ErrorMessage.BadRequest("request body must be a JSON object"))
                : (value, null);
        }
        catch (JsonException e)
        {
            return (null, ErrorMessage.BadRequest($"invalid request body: {JsonProblems.Describe(e)}"));
        }
    }

    private static IResult TooLarge(int limit) =>
        ErrorMessage.Result(StatusCodes.Status413PayloadTooLarge, $"request body exceeds {limit} bytes");
}
