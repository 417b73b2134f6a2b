using System.Diagnostics.Metrics;

namespace FromScratch.Bitcask;

/// <summary>
/// The store's instruments, on the meter <c>FromScratch.Bitcask</c>. Watch them with
/// <c>dotnet-counters monitor --counters FromScratch.Bitcask -n &lt;process&gt;</c>.
/// </summary>
/// <remarks>
/// <list type="bullet">
/// <item><c>fromscratch.bitcask.records</c> (counter): records appended by writes (puts and tombstones).</item>
/// <item><c>fromscratch.bitcask.bytes</c> (counter, By): bytes of those records.</item>
/// <item><c>fromscratch.bitcask.fsyncs</c> (counter): data-file syncs for writes and rollovers.</item>
/// <item><c>fromscratch.bitcask.group_commit.writes</c> (histogram): writes made durable by one group-commit fsync.</item>
/// <item><c>fromscratch.bitcask.rollovers</c> (counter): active files closed at <see cref="BitcaskOptions.MaxFileSize"/> (or for a merge).</item>
/// <item><c>fromscratch.bitcask.merges</c> (counter): merges completed.</item>
/// <item><c>fromscratch.bitcask.merge.reclaimed</c> (counter, By): data-file bytes merges freed.</item>
/// <item><c>fromscratch.bitcask.merge.duration</c> (histogram, ms): time of a merge, switch-over included.</item>
/// <item><c>fromscratch.bitcask.keydir.keys</c> (up-down counter): keys in the key directories of the open stores.</item>
/// <item><c>fromscratch.bitcask.live_bytes</c> and <c>fromscratch.bitcask.dead_bytes</c> (up-down counters, By):
/// live and garbage bytes of the open stores' data files; a store removes its share when disposed.</item>
/// </list>
/// Every store in the process adds to the same instruments; one store's numbers are in
/// <see cref="BitcaskStore.Statistics"/>. All members are thread-safe.
/// </remarks>
public static class BitcaskMetrics
{
    /// <summary>The meter's name.</summary>
    public const string MeterName = "FromScratch.Bitcask";

    private static readonly Meter Meter = new(MeterName);
    private static readonly Counter<long> Records = Meter.CreateCounter<long>("fromscratch.bitcask.records", description: "Records appended by writes");
    private static readonly Counter<long> Bytes = Meter.CreateCounter<long>("fromscratch.bitcask.bytes", unit: "By", description: "Bytes of records appended by writes");
    private static readonly Counter<long> Fsyncs = Meter.CreateCounter<long>("fromscratch.bitcask.fsyncs", description: "Data-file syncs for writes and rollovers");
    private static readonly Histogram<int> GroupCommitWrites = Meter.CreateHistogram<int>("fromscratch.bitcask.group_commit.writes", description: "Writes made durable by one group-commit fsync");
    private static readonly Counter<long> Rollovers = Meter.CreateCounter<long>("fromscratch.bitcask.rollovers", description: "Active data files closed");
    private static readonly Counter<long> Merges = Meter.CreateCounter<long>("fromscratch.bitcask.merges", description: "Merges completed");
    private static readonly Counter<long> Reclaimed = Meter.CreateCounter<long>("fromscratch.bitcask.merge.reclaimed", unit: "By", description: "Data-file bytes freed by merges");
    private static readonly Histogram<double> MergeDuration = Meter.CreateHistogram<double>("fromscratch.bitcask.merge.duration", unit: "ms", description: "Duration of a merge");
    private static readonly UpDownCounter<long> Keys = Meter.CreateUpDownCounter<long>("fromscratch.bitcask.keydir.keys", description: "Keys in the key directories of open stores");
    private static readonly UpDownCounter<long> LiveBytes = Meter.CreateUpDownCounter<long>("fromscratch.bitcask.live_bytes", unit: "By", description: "Live bytes of open stores");
    private static readonly UpDownCounter<long> DeadBytes = Meter.CreateUpDownCounter<long>("fromscratch.bitcask.dead_bytes", unit: "By", description: "Garbage bytes of open stores");

    internal static void RecordWrite(int records, long bytes)
    {
        Records.Add(records);
        Bytes.Add(bytes);
    }

    internal static void RecordFsync() => Fsyncs.Add(1);

    internal static void RecordGroupCommit(int writes) => GroupCommitWrites.Record(writes);

    internal static void RecordRollover() => Rollovers.Add(1);

    internal static void RecordMerge(long reclaimed, TimeSpan elapsed)
    {
        Merges.Add(1);
        Reclaimed.Add(reclaimed);
        MergeDuration.Record(elapsed.TotalMilliseconds);
    }

    // Deltas of one store's gauges-as-counters; a store reports the negation of its totals when disposed.
    internal static void RecordSpace(long keys, long liveBytes, long deadBytes)
    {
        if (keys != 0)
        {
            Keys.Add(keys);
        }
        if (liveBytes != 0)
        {
            LiveBytes.Add(liveBytes);
        }
        if (deadBytes != 0)
        {
            DeadBytes.Add(deadBytes);
        }
    }
}
