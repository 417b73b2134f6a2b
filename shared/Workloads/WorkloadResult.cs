using System.Globalization;

namespace FromScratch.Shared.Workloads;

/// <summary>
/// The outcome of one workload: what it did (operations, bytes, found keys) and how fast (throughput
/// over the wall-clock time from the first thread's start to the last thread's end; latency
/// percentiles of single store calls, nearest rank, see <see cref="Diagnostics.Percentiles"/>).
/// </summary>
public sealed record WorkloadResult
{
    /// <summary>The workload.</summary>
    public required WorkloadKind Kind { get; init; }

    /// <summary>The db_bench name of the workload.</summary>
    public string Name => WorkloadNames.NameOf(Kind);

    /// <summary>Entries written, deleted or read (a batch of B entries counts B).</summary>
    public required long Operations { get; init; }

    /// <summary>Calls into the store (Put, Delete, Write, Get, or one scan step), the samples of the latency percentiles.</summary>
    public required long Calls { get; init; }

    /// <summary>The number of threads that shared the work.</summary>
    public required int Threads { get; init; }

    /// <summary>Wall-clock time from the first thread's start to the last one's end.</summary>
    public required TimeSpan Elapsed { get; init; }

    /// <summary>The sum of the threads' own elapsed times (db_bench's micros/op divides this by the operations).</summary>
    public required TimeSpan ThreadTime { get; init; }

    /// <summary>Bytes of keys and values handed to the store (writes, deletes: keys only) or returned by it (reads).</summary>
    public required long Bytes { get; init; }

    /// <summary>For readrandom and readmissing: how many of the reads found a value; otherwise null.</summary>
    public long? Found { get; init; }

    /// <summary>The 50th percentile of a call's latency, in microseconds.</summary>
    public required double P50Micros { get; init; }

    /// <summary>The 99th percentile of a call's latency, in microseconds.</summary>
    public required double P99Micros { get; init; }

    /// <summary>The 99.9th percentile of a call's latency, in microseconds.</summary>
    public required double P999Micros { get; init; }

    /// <summary>db_bench-style remarks: "(N of M found)", "(1000 ops)", "(sync)", "(batches of 100)".</summary>
    public required string Notes { get; init; }

    /// <summary>Operations per second of wall-clock time.</summary>
    public double OperationsPerSecond => Elapsed > TimeSpan.Zero ? Operations / Elapsed.TotalSeconds : 0;

    /// <summary><see cref="Bytes"/> per second of wall-clock time, in MiB/s (db_bench's "MB/s" is MiB/s too).</summary>
    public double MegabytesPerSecond => Elapsed > TimeSpan.Zero ? Bytes / 1048576.0 / Elapsed.TotalSeconds : 0;

    /// <summary>db_bench's micros/op: the threads' summed time per operation.</summary>
    public double MicrosPerOperation => Operations > 0 ? ThreadTime.TotalMicroseconds / Operations : 0;

    /// <summary>The line db_bench prints for a benchmark: <c>fillseq      :       1.234 micros/op;   89.6 MB/s</c>.</summary>
    public string ToDbBenchLine()
    {
        var rate = Bytes > 0 ? string.Create(CultureInfo.InvariantCulture, $" {MegabytesPerSecond,6:F1} MB/s") : "";
        var notes = Notes.Length > 0 ? " " + Notes : "";
        return string.Create(CultureInfo.InvariantCulture, $"{Name,-12} : {MicrosPerOperation,11:F3} micros/op;{rate}{notes}");
    }
}
