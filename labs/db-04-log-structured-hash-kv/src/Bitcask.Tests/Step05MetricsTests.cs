using System.Collections.Concurrent;
using System.Diagnostics.Metrics;

namespace FromScratch.Bitcask.Tests;

/// <summary>The FromScratch.Bitcask meter: counts recorded on this test's own thread (the meter is process-wide and other tests run in parallel).</summary>
[Trait("Step", "05")]
public sealed class Step05MetricsTests : IDisposable
{
    private readonly MeterListener _listener = new();
    private readonly int _thread = Environment.CurrentManagedThreadId;
    private readonly ConcurrentQueue<(string Name, long Value)> _measurements = new();

    public Step05MetricsTests()
    {
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            if (instrument.Meter.Name == BitcaskMetrics.MeterName)
            {
                listener.EnableMeasurementEvents(instrument);
            }
        };
        _listener.SetMeasurementEventCallback<long>((instrument, value, _, _) =>
        {
            if (Environment.CurrentManagedThreadId == _thread)
            {
                _measurements.Enqueue((instrument.Name, value));
            }
        });
        _listener.SetMeasurementEventCallback<int>((instrument, value, _, _) =>
        {
            if (Environment.CurrentManagedThreadId == _thread)
            {
                _measurements.Enqueue((instrument.Name, value));
            }
        });
        _listener.Start();
    }

    public void Dispose() => _listener.Dispose();

    private long Sum(string name) => _measurements.Where(m => m.Name == name).Sum(m => m.Value);

    [Fact]
    public void Writes_fsyncs_merges_and_space_are_published_on_the_meter()
    {
        var store = BitcaskStore.Open(TestData.NewSimulator(), TestData.Db);
        store.Put(TestData.Text("a"), TestData.Value(1, 100));
        store.Put(TestData.Text("a"), TestData.Value(2, 100));
        store.Put(TestData.Text("b"), TestData.Value(3, 100), WriteOptions.Synced);
        store.Delete(TestData.Text("b"));
        var stats = store.Statistics;

        Sum("fromscratch.bitcask.records").Should().Be(4);
        Sum("fromscratch.bitcask.bytes").Should().Be(stats.BytesWritten);
        Sum("fromscratch.bitcask.fsyncs").Should().Be(1);
        Sum("fromscratch.bitcask.keydir.keys").Should().Be(1);
        Sum("fromscratch.bitcask.live_bytes").Should().Be(stats.LiveBytes);
        Sum("fromscratch.bitcask.dead_bytes").Should().Be(stats.DeadBytes);

        var result = store.Merge();
        Sum("fromscratch.bitcask.merges").Should().Be(1);
        Sum("fromscratch.bitcask.merge.reclaimed").Should().Be(result.BytesReclaimed);
        Sum("fromscratch.bitcask.dead_bytes").Should().Be(0);

        store.Dispose();
        Sum("fromscratch.bitcask.keydir.keys").Should().Be(0, "a closed store takes its share out of the gauges");
        Sum("fromscratch.bitcask.live_bytes").Should().Be(0);
    }
}
