using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace FromScratch.Shared.IO;

/// <summary>
/// The storage instruments every lab shares, published through <see cref="System.Diagnostics.Metrics"/>
/// under the meter <see cref="MeterName"/>. Watch them live with
/// <c>dotnet-counters monitor --counters FromScratch.Storage -n &lt;process&gt;</c>.
/// <list type="table">
/// <item><term><c>fromscratch.storage.bytes_written</c></term><description>counter, bytes (By), every <see cref="FileIo.Write"/>.</description></item>
/// <item><term><c>fromscratch.storage.fsyncs</c></term><description>counter, one per sync call, tagged <c>kind</c> = fsync | fdatasync | directory.</description></item>
/// <item><term><c>fromscratch.storage.fsync.duration</c></term><description>histogram, milliseconds per sync call, same tag.</description></item>
/// </list>
/// The instruments are created once and are thread-safe (System.Diagnostics.Metrics guarantees it).
/// Recording costs almost nothing while no listener is attached.
/// </summary>
public static class StorageMetrics
{
    /// <summary>The name of the <see cref="Meter"/> that owns the instruments.</summary>
    public const string MeterName = "FromScratch.Storage";

    /// <summary>The name of the bytes-written counter.</summary>
    public const string BytesWrittenName = "fromscratch.storage.bytes_written";

    /// <summary>The name of the sync-count counter.</summary>
    public const string FsyncsName = "fromscratch.storage.fsyncs";

    /// <summary>The name of the sync-latency histogram.</summary>
    public const string FsyncDurationName = "fromscratch.storage.fsync.duration";

    /// <summary>The tag that says which sync call was made: "fsync", "fdatasync" or "directory".</summary>
    public const string KindTag = "kind";

    private static readonly Meter Meter = new(MeterName);

    private static readonly Counter<long> BytesWritten =
        Meter.CreateCounter<long>(BytesWrittenName, unit: "By", description: "Bytes written to files.");

    private static readonly Counter<long> Fsyncs =
        Meter.CreateCounter<long>(FsyncsName, unit: "{sync}", description: "fsync, fdatasync and directory fsync calls.");

    private static readonly Histogram<double> FsyncDuration =
        Meter.CreateHistogram<double>(FsyncDurationName, unit: "ms", description: "Duration of each sync call.");

    /// <summary>Counts <paramref name="bytes"/> written to a file.</summary>
    public static void RecordBytesWritten(long bytes) => BytesWritten.Add(bytes);

    /// <summary>Counts one sync call of <paramref name="kind"/> ("fsync", "fdatasync", "directory") that took <paramref name="elapsed"/>.</summary>
    public static void RecordSync(string kind, TimeSpan elapsed)
    {
        var tag = new KeyValuePair<string, object?>(KindTag, kind);
        Fsyncs.Add(1, tag);
        FsyncDuration.Record(elapsed.TotalMilliseconds, tag);
    }

    /// <summary>Starts a timestamp for <see cref="RecordSync"/> (a <see cref="Stopwatch"/> tick count).</summary>
    internal static long Start() => Stopwatch.GetTimestamp();

    /// <summary>Records a sync that started at <paramref name="startTimestamp"/>.</summary>
    internal static void RecordSyncSince(string kind, long startTimestamp) =>
        RecordSync(kind, Stopwatch.GetElapsedTime(startTimestamp));
}
