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

    [Fact]
    [Trait("Step", "06")]
    public void Each_kind_of_corruption_is_counted_once_under_its_kind()
    {
        var thread = Environment.CurrentManagedThreadId;
        _fx.CreateFilled(1024, dataPages: 4);
        _fx.Truncate((4L * 1024) + 10); // a torn append of page 4, reported by Open
        FluentActions.Invoking(() => PageFile.Open(_fx.FilePath)).Should().Throw<PageCorruptionException>();
        _fx.Truncate(4L * 1024);
        _fx.FlipByte((1L * 1024) + 100); // page 1: a flipped bit
        _fx.WriteRaw(2L * 1024, new byte[1024]); // page 2: zeroed
        _fx.WriteRaw(3L * 1024, _fx.ReadRaw(1L * 1024, 8)); // page 3: torn, its first 8 bytes from page 1
        using var file = PageFile.Open(_fx.FilePath);
        var buffer = new byte[file.PayloadSize];
        for (uint n = 1; n <= 3; n++)
        {
            FluentActions.Invoking(() => file.Read(n, buffer)).Should().Throw<PageCorruptionException>();
        }

        Sum(thread, PageFileMetrics.CorruptionsName, "truncated").Should().Be(1);
        Sum(thread, PageFileMetrics.CorruptionsName, "checksum").Should().Be(2, "the flipped bit and the torn page");
        Sum(thread, PageFileMetrics.CorruptionsName, "zeroed").Should().Be(1);
        Sum(thread, PageFileMetrics.CorruptionsName).Should().Be(4, "each failure is counted once");
    }
}
