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

    /// <summary>The name of the pages-read counter.</summary>
    public const string PagesReadName = "fromscratch.pagefile.pages_read";

    /// <summary>The name of the pages-written counter.</summary>
    public const string PagesWrittenName = "fromscratch.pagefile.pages_written";

    /// <summary>The name of the corrupt-pages counter.</summary>
    public const string CorruptionsName = "fromscratch.pagefile.corruptions";

    /// <summary>The tag of <see cref="CorruptionsName"/> that says what failed: checksum, zeroed, misdirected or truncated.</summary>
    public const string KindTag = "kind";

    private static readonly Meter Meter = new(MeterName);
    private static readonly Counter<long> PagesRead = Meter.CreateCounter<long>(PagesReadName, "{page}", "Pages read and verified.");
    private static readonly Counter<long> PagesWritten = Meter.CreateCounter<long>(PagesWrittenName, "{page}", "Pages written, allocations included.");
    private static readonly Counter<long> Corruptions = Meter.CreateCounter<long>(CorruptionsName, "{page}", "Pages that failed verification.");

    internal static void RecordRead() => PagesRead.Add(1);

    internal static void RecordWrite() => PagesWritten.Add(1);

    internal static void RecordCorruption(string kind) => Corruptions.Add(1, new KeyValuePair<string, object?>(KindTag, kind));
}
