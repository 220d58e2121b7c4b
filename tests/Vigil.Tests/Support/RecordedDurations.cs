using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using Vigil.Infrastructure.Observability;

namespace Vigil.Tests.Support;

/// <summary>Every http.server.request.duration measurement one meter takes, with its attributes.</summary>
public sealed class RecordedDurations : IDisposable
{
    private readonly MeterListener _listener = new();
    private readonly ConcurrentQueue<(double Seconds, IReadOnlyDictionary<string, object?> Tags)> _measurements = new();

    public RecordedDurations(Meter meter)
    {
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            if (instrument.Meter == meter && instrument.Name == RequestDurations.InstrumentName)
            {
                listener.EnableMeasurementEvents(instrument);
            }
        };
        _listener.SetMeasurementEventCallback<double>((_, value, tags, _) =>
            _measurements.Enqueue((value, tags.ToArray().ToDictionary(t => t.Key, t => t.Value))));
        _listener.Start();
    }

    public IReadOnlyList<(double Seconds, IReadOnlyDictionary<string, object?> Tags)> All => [.. _measurements];

    public void Dispose() => _listener.Dispose();
}
