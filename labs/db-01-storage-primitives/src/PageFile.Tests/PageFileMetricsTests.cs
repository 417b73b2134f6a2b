using System.Collections.Concurrent;
using System.Diagnostics.Metrics;

namespace FromScratch.PageFile.Tests;

public sealed class PageFileMetricsTests : IDisposable
{
    private readonly PageFileFixture _fx = new();
    private readonly MeterListener _listener = new();
    private readonly ConcurrentQueue<(string Name, long Value, string? Kind, int Thread)> _measurements = new();

    public PageFileMetricsTests()
    {
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            if (instrument.Meter.Name == PageFileMetrics.MeterName)
            {
                listener.EnableMeasurementEvents(instrument);
            }
        };
        _listener.SetMeasurementEventCallback<long>((instrument, value, tags, _) =>
        {
            string? kind = null;
            foreach (var tag in tags)
            {
                if (tag.Key == PageFileMetrics.KindTag)
                {
                    kind = tag.Value as string;
                }
            }

            _measurements.Enqueue((instrument.Name, value, kind, Environment.CurrentManagedThreadId));
        });
        _listener.Start();
    }

    public void Dispose()
    {
        _listener.Dispose();
        _fx.Dispose();
    }

    // Other tests run in parallel and also read and write pages, and the meter is process-wide:
    // count only what the test's own thread recorded (the test calls PageFile synchronously).
    private long Sum(int thread, string name, string? kind = null) =>
        _measurements.Where(m => m.Thread == thread && m.Name == name && (kind is null || m.Kind == kind)).Sum(m => m.Value);

    [Fact]
    [Trait("Step", "06")]
    public void Reads_writes_and_corruptions_are_counted()
    {
        var thread = Environment.CurrentManagedThreadId;
        _fx.CreateFilled(1024, dataPages: 10); // 10 allocations + 10 writes (+ the header page)
        _fx.WriteRaw(9L * 1024, _fx.ReadRaw(7L * 1024, 1024));
        using var file = PageFile.Open(_fx.FilePath);
        var buffer = new byte[file.PayloadSize];
        file.Read(1, buffer);
        file.Read(2, buffer);
        FluentActions.Invoking(() => file.Read(9, buffer)).Should().Throw<PageCorruptionException>();

        Sum(thread, PageFileMetrics.PagesWrittenName).Should().Be(21, "the header page, 10 allocations and 10 writes");
        Sum(thread, PageFileMetrics.PagesReadName).Should().Be(3, "Open verifies the header page, then two good reads; the misdirected page is not counted as read");
        Sum(thread, PageFileMetrics.CorruptionsName, "misdirected").Should().Be(1);
        Sum(thread, PageFileMetrics.CorruptionsName).Should().Be(1);
    }
}
