using System.Collections.Concurrent;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace Vigil.Tests.Support;

/// <summary>An OTLP/HTTP endpoint on loopback that keeps every span exported to <c>/v1/traces</c>.</summary>
public sealed class OtlpReceiver : IAsyncDisposable
{
    private readonly ConcurrentQueue<OtlpSpan> _spans = new();
    private FakeHttpServer? _server;

    public static async Task<OtlpReceiver> StartAsync()
    {
        var receiver = new OtlpReceiver();
        receiver._server = await FakeHttpServer.StartAsync(map =>
        {
            map.MapPost("/v1/traces", async (HttpRequest request) =>
            {
                using var body = new MemoryStream();
                await request.Body.CopyToAsync(body);
                foreach (var span in OtlpSpan.ParseExport(body.ToArray()))
                {
                    receiver._spans.Enqueue(span);
                }
                return Results.Ok();
            });
            map.MapPost("/v1/metrics", () => Results.Ok());
        });
        return receiver;
    }

    public string Url => _server!.Url;

    /// <summary>Waits until <paramref name="match"/> holds for some span received (10 s at most), and returns them all.</summary>
    public async Task<IReadOnlyList<OtlpSpan>> WaitForAsync(Func<OtlpSpan, bool> match)
    {
        for (var i = 0; i < 100 && !_spans.Any(match); i++)
        {
            await Task.Delay(100);
        }
        return [.. _spans];
    }

    public async ValueTask DisposeAsync()
    {
        if (_server is not null)
        {
            await _server.DisposeAsync();
        }
    }
}
