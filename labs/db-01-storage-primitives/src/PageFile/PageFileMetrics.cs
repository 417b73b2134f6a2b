using System.Diagnostics.Metrics;

namespace FromScratch.PageFile;

/// <summary>
/// Instruments of the page file, under the meter <see cref="MeterName"/> (bytes written and fsyncs
/// are counted by the shared <c>FromScratch.Storage</c> meter underneath):
/// <list type="table">
/// <item><term><c>fromscratch.pagefile.pages_read</c></term><description>pages read and verified.</description></item>
/// <item><term><c>fromscratch.pagefile.pages_written</c></term><description>pages written, including pages written by Allocate.</description></item>
/// <item><term><c>fromscratch.pagefile.corruptions</c></term><description>pages that failed verification, tagged <c>kind</c> = checksum | zeroed | misdirected | truncated.</description></item>
/// </list>
/// Thread-safe.
/// </summary>
public static class PageFileMetrics
{
    /// <summary>The name of the <see cref="Meter"/> that owns the instruments.</summary>
    public const string MeterName = "FromScratch.PageFile";

    private static readonly Meter Meter = new(MeterName);
    private static readonly Counter<long> PagesRead = Meter.CreateCounter<long>("fromscratch.pagefile.pages_read", "{page}");
    private static readonly Counter<long> PagesWritten = Meter.CreateCounter<long>("fromscratch.pagefile.pages_written", "{page}");
    private static readonly Counter<long> Corruptions = Meter.CreateCounter<long>("fromscratch.pagefile.corruptions", "{page}");

    internal static void RecordRead() => PagesRead.Add(1);

    internal static void RecordWrite() => PagesWritten.Add(1);

    internal static void RecordCorruption(string kind) => Corruptions.Add(1, new KeyValuePair<string, object?>("kind", kind));
}
