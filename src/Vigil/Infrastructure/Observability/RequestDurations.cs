using System.Collections.Frozen;
using System.Diagnostics;
using System.Diagnostics.Metrics;
using System.Runtime.InteropServices;
using Microsoft.AspNetCore.Http.Metadata;

namespace Vigil.Infrastructure.Observability;

/// <summary>
/// <c>http.server.request.duration</c>, with the name, unit, buckets and attributes of ASP.NET Core's hosting meter
/// (whose own histogram Vigil drops), but aggregated off the request path: a request only appends what it was
/// (<see cref="FinishedRequest"/>) to a buffer, and the buffer is recorded into the histogram in batches, before
/// every <c>/metrics</c> scrape and every <see cref="Period"/> (so also before each OTLP export). Measured per request
/// against metrics off, recording each request as it ended cost a ~37 µs request several per cent of its CPU, most of
/// it around the measurement rather than in it (docs/benchmarks.md, "Metrics and tracing on vs off").
/// </summary>
internal sealed class RequestDurations : IDisposable
{
    public const string MeterName = "Vigil.Http";
    public const string InstrumentName = "http.server.request.duration";
    public static readonly TimeSpan Period = TimeSpan.FromMilliseconds(250);

    /// <summary>ASP.NET Core's advice for this histogram, so that dashboards made for it fit.</summary>
    private static readonly double[] Buckets = [0.005, 0.01, 0.025, 0.05, 0.075, 0.1, 0.25, 0.5, 0.75, 1, 2.5, 5, 7.5, 10];

    private static readonly FrozenDictionary<string, string> KnownMethods = new[]
    {
        HttpMethods.Connect, HttpMethods.Delete, HttpMethods.Get, HttpMethods.Head, HttpMethods.Options,
        HttpMethods.Patch, HttpMethods.Post, HttpMethods.Put, HttpMethods.Trace,
    }.ToFrozenDictionary(m => m, StringComparer.OrdinalIgnoreCase);

    /// <summary>Status codes boxed once, not at every record.</summary>
    private static readonly object[] BoxedStatusCodes = [.. Enumerable.Range(0, 600).Select(code => (object)code)];

    private readonly Histogram<double> _histogram;
    private readonly Stripe[] _stripes;
    private readonly int _capacity;
    private readonly Lock _recording = new();
    private readonly Timer _timer;

    public RequestDurations(IMeterFactory meters) : this(meters.Create(MeterName), capacity: 16_384)
    {
    }

    /// <param name="meter">Where the histogram is made.</param>
    /// <param name="capacity">Requests a buffer stripe holds before the request that fills it records them itself.</param>
    internal RequestDurations(Meter meter, int capacity)
    {
        _histogram = meter.CreateHistogram(InstrumentName, "s", "Duration of HTTP server requests.",
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = Buckets });
        _capacity = capacity;
        _stripes = [.. Enumerable.Range(0, Math.Clamp(Environment.ProcessorCount, 1, 16)).Select(_ => new Stripe())];
        _timer = new Timer(static state => ((RequestDurations)state!).RecordPending(), this, Period, Period);
    }

    /// <summary>Keeps a finished request for the next batch.</summary>
    public void Add(in FinishedRequest request)
    {
        var stripe = _stripes[Thread.GetCurrentProcessorId() % _stripes.Length];
        bool full;
        lock (stripe.Gate)
        {
            stripe.Pending.Add(request);
            full = stripe.Pending.Count >= _capacity;
        }
        if (full)
        {
            RecordPending();
        }
    }

    /// <summary>Records every request finished so far into the histogram.</summary>
    public void RecordPending()
    {
        lock (_recording)
        {
            foreach (var stripe in _stripes)
            {
                List<FinishedRequest> batch;
                lock (stripe.Gate)
                {
                    batch = stripe.Pending;
                    stripe.Pending = stripe.Spare;
                }
                foreach (ref readonly var request in CollectionsMarshal.AsSpan(batch))
                {
                    Record(request);
                }
                batch.Clear();
                stripe.Spare = batch;
            }
        }
    }

    private void Record(in FinishedRequest request)
    {
        if (request.Endpoint?.Metadata.GetMetadata<IDisableHttpMetricsMetadata>() is not null)
        {
            return;
        }
        var tags = new TagList
        {
            { "http.request.method", KnownMethods.GetValueOrDefault(request.Method, "_OTHER") },
            { "url.scheme", request.Scheme },
            { "http.response.status_code", (uint)request.StatusCode < BoxedStatusCodes.Length ? BoxedStatusCodes[request.StatusCode] : request.StatusCode },
        };
        if (HttpServerAttributes.ProtocolVersion(request.Protocol) is { } version)
        {
            tags.Add("network.protocol.version", version);
        }
        if (HttpServerAttributes.Route(request.Endpoint) is { } route)
        {
            tags.Add("http.route", route);
        }
        if (request.ErrorType is { } error)
        {
            tags.Add("error.type", error);
        }
        _histogram.Record(request.Seconds, tags);
    }

    public void Dispose()
    {
        _timer.Dispose();
        RecordPending();
    }

    private sealed class Stripe
    {
        public readonly Lock Gate = new();
        public List<FinishedRequest> Pending = [];
        public List<FinishedRequest> Spare = [];
    }
}
