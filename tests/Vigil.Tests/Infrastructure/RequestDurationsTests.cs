using System.Diagnostics.Metrics;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Metadata;
using Vigil.Infrastructure.Observability;
using Vigil.Tests.Support;

namespace Vigil.Tests.Infrastructure;

/// <summary>http.server.request.duration: every request timed at the front of the pipeline, recorded in batches.</summary>
public sealed class RequestDurationsTests : IDisposable
{
    private readonly Meter _meter = new($"test.{Guid.NewGuid():N}");
    private readonly RecordedDurations _recorded;

    public RequestDurationsTests() => _recorded = new RecordedDurations(_meter);

    [Fact]
    public async Task A_request_is_recorded_with_the_hosting_meters_attributes_once_pending_requests_are_recorded()
    {
        using var durations = new RequestDurations(_meter, capacity: 1_000);
        var context = Request("get", "https", "HTTP/2", Route("/things/{id}"));

        await Invoke(durations, context, c => { c.Response.StatusCode = 201; return Task.CompletedTask; });
        Assert.Empty(_recorded.All);
        durations.RecordPending();

        var (seconds, tags) = Assert.Single(_recorded.All);
        Assert.True(seconds > 0);
        Assert.Equal("GET", tags["http.request.method"]);
        Assert.Equal("https", tags["url.scheme"]);
        Assert.Equal("2", tags["network.protocol.version"]);
        Assert.Equal(201, tags["http.response.status_code"]);
        Assert.Equal("/things/{id}", tags["http.route"]);
        Assert.False(tags.ContainsKey("error.type"));
    }

    [Fact]
    public async Task An_unknown_method_is_recorded_as_other_and_a_request_without_an_endpoint_has_no_route()
    {
        using var durations = new RequestDurations(_meter, capacity: 1_000);

        await Invoke(durations, Request("BREW", "http", "HTTP/1.1", endpoint: null), c => { c.Response.StatusCode = 404; return Task.CompletedTask; });
        durations.RecordPending();

        var (_, tags) = Assert.Single(_recorded.All);
        Assert.Equal("_OTHER", tags["http.request.method"]);
        Assert.Equal("1.1", tags["network.protocol.version"]);
        Assert.False(tags.ContainsKey("http.route"));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task An_exception_leaving_the_pipeline_is_rethrown_and_recorded_as_a_500_with_its_type(bool afterAwaiting)
    {
        using var durations = new RequestDurations(_meter, capacity: 1_000);
        RequestDelegate failing = afterAwaiting
            ? async _ => { await Task.Yield(); throw new InvalidOperationException("boom"); }
            : _ => throw new InvalidOperationException("boom");

        await Assert.ThrowsAsync<InvalidOperationException>(() => Invoke(durations, Request("POST", "http", "HTTP/1.1", Route("/fail")), failing));
        durations.RecordPending();

        var (_, tags) = Assert.Single(_recorded.All);
        Assert.Equal(500, tags["http.response.status_code"]);
        Assert.Equal(typeof(InvalidOperationException).FullName, tags["error.type"]);
        Assert.Equal("/fail", tags["http.route"]);
    }

    [Fact]
    public async Task A_request_answered_by_the_exception_handler_is_recorded_under_the_route_that_failed()
    {
        using var durations = new RequestDurations(_meter, capacity: 1_000);
        var context = Request("GET", "http", "HTTP/1.1", endpoint: null);
        context.Features.Set<IExceptionHandlerFeature>(new ExceptionHandlerFeature { Error = new TimeoutException(), Path = "/slow", Endpoint = Route("/slow") });

        await Invoke(durations, context, c => { c.Response.StatusCode = 500; return Task.CompletedTask; });
        durations.RecordPending();

        var (_, tags) = Assert.Single(_recorded.All);
        Assert.Equal(typeof(TimeoutException).FullName, tags["error.type"]);
        Assert.Equal("/slow", tags["http.route"]);
    }

    [Fact]
    public async Task A_server_error_without_an_exception_is_typed_by_its_status_code()
    {
        using var durations = new RequestDurations(_meter, capacity: 1_000);

        await Invoke(durations, Request("GET", "http", "HTTP/1.1", Route("/readyz")), c => { c.Response.StatusCode = 503; return Task.CompletedTask; });
        durations.RecordPending();

        Assert.Equal("503", Assert.Single(_recorded.All).Tags["error.type"]);
    }

    [Fact]
    public async Task An_endpoint_with_http_metrics_disabled_is_not_recorded()
    {
        using var durations = new RequestDurations(_meter, capacity: 1_000);
        var quiet = new Endpoint(null, new EndpointMetadataCollection(new DisableHttpMetricsAttribute()), "quiet");

        await Invoke(durations, Request("GET", "http", "HTTP/1.1", quiet), _ => Task.CompletedTask);
        durations.RecordPending();

        Assert.Empty(_recorded.All);
    }

    [Fact]
    public async Task Requests_beyond_a_full_buffer_are_recorded_by_the_request_that_fills_it_and_none_are_lost()
    {
        using var durations = new RequestDurations(_meter, capacity: 4);

        for (var i = 0; i < 100; i++)
        {
            await Invoke(durations, Request("GET", "http", "HTTP/1.1", Route("/n")), _ => Task.CompletedTask);
        }
        var beforeAsked = _recorded.All.Count;
        durations.RecordPending();

        Assert.True(beforeAsked > 0, "a full stripe is recorded without being asked");
        Assert.Equal(100, _recorded.All.Count);
    }

    [Fact]
    public async Task Requests_finishing_while_others_are_recorded_are_each_recorded_exactly_once()
    {
        using var durations = new RequestDurations(_meter, capacity: 64);
        using var done = new CancellationTokenSource();
        var recorder = Task.Run(() => { while (!done.IsCancellationRequested) { durations.RecordPending(); } });

        await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => Task.Run(async () =>
        {
            for (var i = 0; i < 5_000; i++)
            {
                await Invoke(durations, Request("GET", "http", "HTTP/1.1", Route("/many")), _ => Task.CompletedTask);
            }
        })));
        await done.CancelAsync();
        await recorder;
        durations.RecordPending();

        Assert.Equal(40_000, _recorded.All.Count);
    }

    [Fact]
    public async Task What_is_pending_is_recorded_within_a_period_and_at_disposal()
    {
        var durations = new RequestDurations(_meter, capacity: 1_000);
        await Invoke(durations, Request("GET", "http", "HTTP/1.1", Route("/a")), _ => Task.CompletedTask);

        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(10);
        while (_recorded.All.Count == 0 && DateTime.UtcNow < deadline)
        {
            await Task.Delay(50);
        }
        Assert.Single(_recorded.All);

        await Invoke(durations, Request("GET", "http", "HTTP/1.1", Route("/b")), _ => Task.CompletedTask);
        durations.Dispose();
        Assert.Equal(2, _recorded.All.Count);
    }

    public void Dispose()
    {
        _recorded.Dispose();
        _meter.Dispose();
    }

    private static Task Invoke(RequestDurations durations, HttpContext context, RequestDelegate next) =>
        new RequestDurationMiddleware(next, durations).InvokeAsync(context);

    private static DefaultHttpContext Request(string method, string scheme, string protocol, Endpoint? endpoint)
    {
        var context = new DefaultHttpContext();
        context.Request.Method = method;
        context.Request.Scheme = scheme;
        context.Request.Protocol = protocol;
        context.SetEndpoint(endpoint);
        return context;
    }

    private static Endpoint Route(string route) => new(null, new EndpointMetadataCollection(new RouteDiagnostics(route)), route);

    private sealed record RouteDiagnostics(string Route) : IRouteDiagnosticsMetadata;
}
