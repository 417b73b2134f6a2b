using System.Collections.Concurrent;
using System.Diagnostics.Metrics;

namespace FromScratch.PageFile.Tests;

public sealed class PageFileMetricsTests : IDisposable
{
    private readonly PageFileFixture _fx = new();
    private readonly MeterListener _listener = new();
    private readonly ConcurrentQueue<(string Name, long Value, string? Kind)> _measurements = new();

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

            _measurements.Enqueue((instrument.Name, value, kind));
        });
        _listener.Start();
    }

    public void Dispose()
    {
        _listener.Dispose();
        _fx.Dispose();
    }

    // Other tests run in parallel and also read and write pages: assert "at least".
    private long Sum(string name, string? kind = null) =>
        _measurements.Where(m => m.Name == name && (kind is null || m.Kind == kind)).Sum(m => m.Value);

    [Fact]
    [Trait("Step", "06")]
    public void Reads_writes_and_corruptions_are_counted()
    {
        _fx.CreateFilled(1024, dataPages: 10); // 10 allocations + 10 writes (+ the header page)
        _fx.WriteRaw(9L * 1024, _fx.ReadRaw(7L * 1024, 1024));
        using var file = PageFile.Open(_fx.FilePath);
        var buffer = new byte[file.PayloadSize];
        file.Read(1, buffer);
        file.Read(2, buffer);
        FluentActions.Invoking(() => file.Read(9, buffer)).Should().Throw<PageCorruptionException>();

        Sum(PageFileMetrics.PagesWrittenName).Should().BeGreaterThanOrEqualTo(20);
        Sum(PageFileMetrics.PagesReadName).Should().BeGreaterThanOrEqualTo(2);
        Sum(PageFileMetrics.CorruptionsName, "misdirected").Should().BeGreaterThanOrEqualTo(1);
    }
}
