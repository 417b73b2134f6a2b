using System.Collections.Concurrent;
using System.Diagnostics.Metrics;

namespace FromScratch.Wal.Tests;

// The meter is process-wide: run alone so that no other test's log adds to the instruments.
[Trait("Step", "05")]
[Collection(nameof(MeterCollection))]
public sealed class Step05MetricsTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact(Timeout = StepTimeouts.GroupCommit)]
    public async Task Meter_reports_records_bytes_batches_fsyncs_batch_sizes_and_commit_latency()
    {
        var measurements = new ConcurrentDictionary<string, ConcurrentBag<double>>();
        using var listener = new MeterListener();
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (instrument.Meter.Name == WalMetrics.MeterName)
            {
                l.EnableMeasurementEvents(instrument);
            }
        };
        listener.SetMeasurementEventCallback<long>((i, v, _, _) => measurements.GetOrAdd(i.Name, _ => []).Add(v));
        listener.SetMeasurementEventCallback<int>((i, v, _, _) => measurements.GetOrAdd(i.Name, _ => []).Add(v));
        listener.SetMeasurementEventCallback<double>((i, v, _, _) => measurements.GetOrAdd(i.Name, _ => []).Add(v));
        listener.Start();

        await Bounded.Using(WriteAheadLog.Open(_dir.File("wal.log")), async wal =>
        {
            for (var i = 0; i < 10; i++)
            {
                await Bounded.Append(wal, $"durable record {i}", new byte[100], durable: true);
            }
            for (var i = 0; i < 5; i++)
            {
                await Bounded.Append(wal, $"non-durable record {i}", new byte[40], durable: false);
            }
        });

        double Sum(string name) => measurements.TryGetValue(name, out var values) ? values.Sum() : 0;
        Sum("fromscratch.wal.records").Should().Be(15);
        Sum("fromscratch.wal.bytes").Should().Be(1200);
        Sum("fromscratch.wal.batches").Should().Be(15, "one append at a time: every batch holds one record");
        Sum("fromscratch.wal.fsyncs").Should().Be(10, "only durable batches sync");
        measurements["fromscratch.wal.batch.records"].Should().HaveCount(15).And.OnlyContain(v => v == 1);
        measurements["fromscratch.wal.batch.bytes"].Should().HaveCount(15);
        measurements["fromscratch.wal.commit.duration"].Should().HaveCount(15).And.OnlyContain(v => v >= 0);
    }
}
