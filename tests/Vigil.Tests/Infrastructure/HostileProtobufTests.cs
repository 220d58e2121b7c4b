using System.Net;
using System.Net.Http.Headers;
using Google.Protobuf;
using Google.Protobuf.WellKnownTypes;
using Vigil.Exposure.Protocol;
using Vigil.Tests.Support;

namespace Vigil.Tests.Infrastructure;

/// <summary>
/// The protobuf and plain-text protocol endpoints (outside the OpenAPI document), sent generated hostile
/// input: each answers a 4xx in its own format, and the server stays up.
/// </summary>
public sealed class HostileProtobufTests
{
    public static TheoryData<string> Providers => TestDatabases.All;

    [Theory, MemberData(nameof(Providers))]
    public async Task Every_protobuf_endpoint_answers_hostile_bodies_with_a_4xx_and_its_own_error_code(string provider)
    {
        using var app = await VigilApp.StartWithSocketsAsync(provider);
        using var http = new HttpClient { BaseAddress = app.HttpAddress };
        var apiKey = await ExposureClient.CreateApiKeyAsync(app);
        var problems = new List<string>();
        var sent = 0;

        foreach (var (path, bearer, parse) in Endpoints(apiKey))
        {
            foreach (var (name, body) in Bodies())
            {
                sent++;
                if (await PostAsync(http, path, bearer, body) is not var (status, contentType, bytes))
                {
                    continue;
                }
                var error = contentType == "application/x-protobuf" ? parse(bytes) : -1;
                if ((int)status is < 400 or >= 500 || error <= 0)
                {
                    problems.Add($"POST {path} [{name}] → {(int)status} {contentType} error {error}");
                }
            }
        }

        Assert.True(sent >= 140, $"only {sent} requests sent");
        Assert.True(problems.Count == 0, string.Join('\n', problems));
        Assert.Equal(HttpStatusCode.OK, (await http.GetAsync("/healthz")).StatusCode);
        Assert.DoesNotContain(app.Logs.Lines, line => line.Contains("unhandled exception", StringComparison.OrdinalIgnoreCase));
    }

    [Theory]
    [InlineData("/retrieve/302/00000/zz")]
    [InlineData("/retrieve/302/99999/0000000000000000000000000000000000000000000000000000000000000000")]
    [InlineData("/retrieve/abc/-0001/0000000000000000000000000000000000000000000000000000000000000000")]
    [InlineData("/retrieve/302/2147483648/0000000000000000000000000000000000000000000000000000000000000000")]
    [InlineData("/qr/302/%FF%FE%FD/0000000000000000000000000000000000000000000000000000000000000000")]
    [InlineData("/new-key-claim/" + "ZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZ")]
    [InlineData("/new-key-claim/%E2%80%AE")]
    public async Task Hostile_paths_of_the_plain_text_endpoints_answer_a_4xx_in_plain_text(string path)
    {
        using var app = await VigilApp.StartWithSocketsAsync(TestDatabases.Sqlite);
        using var http = new HttpClient { BaseAddress = app.HttpAddress };
        using var request = new HttpRequestMessage(HttpMethod.Post, path);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", await ExposureClient.CreateApiKeyAsync(app));

        using var response = await http.SendAsync(path.StartsWith("/new-key-claim", StringComparison.Ordinal) ? request : new HttpRequestMessage(HttpMethod.Get, path));

        // A path outside an endpoint's pattern is no endpoint at all: routing's 404 (ProblemDetails) answers it.
        Assert.InRange((int)response.StatusCode, 400, 499);
        Assert.True(response.Content.Headers.ContentType?.MediaType == "text/plain" || response.StatusCode == HttpStatusCode.NotFound,
            $"{(int)response.StatusCode} {response.Content.Headers.ContentType}");
    }

    private static IEnumerable<(string Path, string? Bearer, Func<byte[], int> Error)> Endpoints(string apiKey) =>
    [
        ("/claim-key", null, bytes => (int)KeyClaimResponse.Parser.ParseFrom(bytes).Error),
        ("/upload", null, bytes => (int)EncryptedUploadResponse.Parser.ParseFrom(bytes).Error),
        ("/qr/new-event", apiKey, bytes => (int)Vigil.Outbreaks.Protocol.OutbreakEventResponse.Parser.ParseFrom(bytes).Error),
    ];

    /// <summary>Empty, oversize, random, truncated and out-of-range messages.</summary>
    private static IEnumerable<(string Name, byte[] Body)> Bodies()
    {
        var random = new Random(20261201);
        yield return ("empty", []);
        yield return ("2 KB of zeros", new byte[2048]);
        yield return ("2 MB", new byte[2 * 1024 * 1024]);
        for (var i = 0; i < 40; i++)
        {
            var bytes = new byte[random.Next(1, 3000)];
            random.NextBytes(bytes);
            yield return ($"random {i}", bytes);
        }
        var claim = new KeyClaimRequest { OneTimeCode = new string('A', 200), AppPublicKey = ByteString.CopyFrom(new byte[32]) }.ToByteArray();
        yield return ("claim with a 200-character code", claim);
        yield return ("truncated claim", claim[..(claim.Length / 2)]);
        var upload = new EncryptedUploadRequest
        {
            ServerPublicKey = ByteString.CopyFrom(new byte[33]),
            AppPublicKey = ByteString.CopyFrom(new byte[1]),
            Nonce = ByteString.CopyFrom(new byte[25]),
            Payload = ByteString.CopyFrom(new byte[1000]),
        }.ToByteArray();
        yield return ("upload with wrong lengths", upload);
        yield return ("event in year 10000", new Vigil.Outbreaks.Protocol.OutbreakEvent
        {
            LocationId = "ABCD1234",
            StartTime = new Timestamp { Seconds = 253_402_300_800 },
            EndTime = new Timestamp { Seconds = long.MaxValue },
        }.ToByteArray());
        yield return ("event with negative nanos", new Vigil.Outbreaks.Protocol.OutbreakEvent
        {
            LocationId = new string('x', 1000),
            StartTime = new Timestamp { Seconds = 1, Nanos = -1 },
            EndTime = new Timestamp { Nanos = int.MinValue },
            Severity = uint.MaxValue,
        }.ToByteArray());
    }

    /// <summary>The answer; null when the server refused an oversize body by closing the connection before reading it.</summary>
    private static async Task<(HttpStatusCode Status, string? ContentType, byte[] Body)?> PostAsync(HttpClient http, string path, string? bearer, byte[] body)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = new ByteArrayContent(body) };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/x-protobuf");
        request.Headers.ConnectionClose = body.Length > 1024 * 1024;
        if (bearer is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", bearer);
        }
        try
        {
            using var response = await http.SendAsync(request);
            return (response.StatusCode, response.Content.Headers.ContentType?.MediaType, await response.Content.ReadAsByteArrayAsync());
        }
        catch (HttpRequestException) when (body.Length > 1024 * 1024)
        {
            return null;
        }
    }
}
