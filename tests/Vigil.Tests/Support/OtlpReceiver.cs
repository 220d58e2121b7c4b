using System.Collections.Concurrent;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace Vigil.Tests.Support;

/// <summary>An OTLP/HTTP endpoint on loopback that keeps every span exported to <c>/v1/traces</c> and every body sent to <c>/v1/metrics</c>.</summary>
public sealed class OtlpReceiver : IAsyncDisposable
{
    private readonly ConcurrentQueue<OtlpSpan> _spans = new();
    private readonly ConcurrentQueue<byte[]> _metricExports = new();
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
            map.MapPost("/v1/metrics", async (HttpRequest request) =>
            {
                using var body = new MemoryStream();
                await request.Body.CopyToAsync(body);
                receiver._metricExports.Enqueue(body.ToArray());
                return Results.Ok();
            });
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

    /// <summary>The metric export requests received so far (OTLP protobuf bodies).</summary>
    public IReadOnlyList<byte[]> MetricExports => [.. _metricExports];

    /// <summary>Waits until a metric export names <paramref name="metric"/> (10 s at most); false if none did.</summary>
    public async Task<bool> WaitForMetricAsync(string metric)
    {
        var name = System.Text.Encoding.UTF8.GetBytes(metric);
        for (var i = 0; i < 100; i++)
        {
            if (_metricExports.Any(body => body.AsSpan().IndexOf(name) >= 0))
            {
                return true;
            }
            await Task.Delay(100);
        }
        return false;
    }

    public async ValueTask DisposeAsync()
    {
        if (_server is not null)
        {
            await _server.DisposeAsync();
        }
    }
}
