using System.Diagnostics.Metrics;

namespace FromScratch.Wal;

/// <summary>
/// The log's instruments, on the meter <c>FromScratch.Wal</c>. Watch them with
/// <c>dotnet-counters monitor --counters FromScratch.Wal -n &lt;process&gt;</c>.
/// </summary>
/// <remarks>
/// <list type="bullet">
/// <item><c>fromscratch.wal.records</c> (counter): records appended through <see cref="WriteAheadLog"/>.</item>
/// <item><c>fromscratch.wal.bytes</c> (counter, By): payload bytes of those records.</item>
/// <item><c>fromscratch.wal.batches</c> (counter): group-commit batches written.</item>
/// <item><c>fromscratch.wal.fsyncs</c> (counter): syncs the log issued (one per batch that held a durable record).</item>
/// <item><c>fromscratch.wal.batch.records</c> (histogram): records per batch.</item>
/// <item><c>fromscratch.wal.batch.bytes</c> (histogram, By): payload bytes per batch.</item>
/// <item><c>fromscratch.wal.commit.duration</c> (histogram, ms): from AppendAsync to acknowledgement.</item>
/// </list>
/// Every <see cref="WriteAheadLog"/> in the process adds to the same instruments; per-log numbers
/// are in <see cref="WriteAheadLog.Statistics"/>.
/// </remarks>
public static class WalMetrics
{
    /// <summary>The meter's name.</summary>
    public const string MeterName = "FromScratch.Wal";

    private static readonly Meter Meter = new(MeterName);
    private static readonly Counter<long> Records = Meter.CreateCounter<long>("fromscratch.wal.records", description: "Records appended");
    private static readonly Counter<long> Bytes = Meter.CreateCounter<long>("fromscratch.wal.bytes", unit: "By", description: "Payload bytes appended");
    private static readonly Counter<long> Batches = Meter.CreateCounter<long>("fromscratch.wal.batches", description: "Group-commit batches written");
    private static readonly Counter<long> Fsyncs = Meter.CreateCounter<long>("fromscratch.wal.fsyncs", description: "Syncs issued by the log");
    private static readonly Histogram<int> BatchRecords = Meter.CreateHistogram<int>("fromscratch.wal.batch.records", description: "Records per group-commit batch");
    private static readonly Histogram<long> BatchBytes = Meter.CreateHistogram<long>("fromscratch.wal.batch.bytes", unit: "By", description: "Payload bytes per group-commit batch");
    private static readonly Histogram<double> CommitDuration = Meter.CreateHistogram<double>("fromscratch.wal.commit.duration", unit: "ms", description: "Time from AppendAsync to acknowledgement");

    internal static void RecordBatch(int records, long bytes, bool synced)
    {
        Records.Add(records);
        Bytes.Add(bytes);
        Batches.Add(1);
        BatchRecords.Record(records);
        BatchBytes.Record(bytes);
        if (synced)
        {
            Fsyncs.Add(1);
        }
    }

    internal static void RecordCommit(TimeSpan elapsed) => CommitDuration.Record(elapsed.TotalMilliseconds);
}
