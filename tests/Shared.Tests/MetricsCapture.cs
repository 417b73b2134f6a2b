using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using FromScratch.Shared.IO;

namespace FromScratch.Shared.Tests;

/// <summary>
/// Listens to the FromScratch.Storage meter and keeps the measurements made on the thread that
/// created it. The meter is process-wide and other tests running in parallel also write and sync;
/// without the thread filter their measurements would satisfy an assertion that the code under
/// test never made. The tests that use it call the code under test synchronously.
/// </summary>
public sealed class MetricsCapture : IDisposable
{
    private readonly MeterListener _listener = new();
    private readonly int _threadId = Environment.CurrentManagedThreadId;

    public MetricsCapture()
    {
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            if (instrument.Meter.Name == StorageMetrics.MeterName)
            {
                listener.EnableMeasurementEvents(instrument);
            }
        };
        _listener.SetMeasurementEventCallback<long>((instrument, value, tags, _) => Record(instrument, value, tags));
        _listener.SetMeasurementEventCallback<double>((instrument, value, tags, _) => Record(instrument, value, tags));
        _listener.Start();
    }

    public ConcurrentQueue<(string Instrument, double Value, string? Kind)> Measurements { get; } = new();

    public double Sum(string instrument, string? kind = null) =>
        Measurements.Where(m => m.Instrument == instrument && (kind is null || m.Kind == kind)).Sum(m => m.Value);

    public int Count(string instrument, string? kind = null) =>
        Measurements.Count(m => m.Instrument == instrument && (kind is null || m.Kind == kind));

    public void Dispose() => _listener.Dispose();

    private void Record(Instrument instrument, double value, ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        if (Environment.CurrentManagedThreadId != _threadId)
        {
            return;
        }

        string? kind = null;
        foreach (var tag in tags)
        {
            if (tag.Key == StorageMetrics.KindTag)
            {
                kind = tag.Value as string;
            }
        }

        Measurements.Enqueue((instrument.Name, value, kind));
    }
}
