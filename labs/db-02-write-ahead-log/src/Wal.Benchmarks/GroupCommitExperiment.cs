using System.Diagnostics;
using System.Globalization;
using System.Runtime.InteropServices;
using FromScratch.Shared.Diagnostics;
using FromScratch.Shared.IO;

namespace FromScratch.Wal.Benchmarks;

/// <summary>
/// The group-commit experiment: durable appends of small records from 1, 2, 4, ... 64 concurrent
/// writers through <see cref="WriteAheadLog"/>, against a baseline of one writer that syncs every
/// record itself (the fsync rate of the device, as db-01's demo measures it). Prints a table:
/// commits/s, fsyncs/s, mean batch size, p50 and p99 commit latency.
/// <code>
///   dotnet run -c Release --project labs/db-02-write-ahead-log/src/Wal.Benchmarks -- group-commit [--seconds 2] [--dir PATH] [--record-size 128] [--writers 1,2,4,8,16,32,64]
/// </code>
/// </summary>
public static class GroupCommitExperiment
{
    public static async Task<int> RunAsync(string[] args)
    {
        var seconds = 2.0;
        string? directory = null;
        var recordSize = 128;
        int[] writerCounts = [1, 2, 4, 8, 16, 32, 64];
        for (var i = 0; i < args.Length; i++)
        {
            var value = i + 1 < args.Length ? args[i + 1] : null;
            switch (args[i])
            {
                case "--seconds" when value is not null:
                    seconds = double.Parse(value, CultureInfo.InvariantCulture);
                    i++;
                    break;
                case "--dir" when value is not null:
                    directory = value;
                    i++;
                    break;
                case "--record-size" when value is not null:
                    recordSize = int.Parse(value, CultureInfo.InvariantCulture);
                    i++;
                    break;
                case "--writers" when value is not null:
                    writerCounts = [.. value.Split(',').Select(w => int.Parse(w, CultureInfo.InvariantCulture))];
                    i++;
                    break;
                default:
                    Console.Error.WriteLine($"unknown or incomplete option '{args[i]}'");
                    Console.Error.WriteLine("usage: group-commit [--seconds N] [--dir PATH] [--record-size BYTES] [--writers 1,2,4,...]");
                    return 2;
            }
        }

        var parent = directory ?? Path.GetTempPath();
        Directory.CreateDirectory(parent);
        var work = Path.Combine(parent, "fromscratch-wal-group-commit-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(work);
        try
        {
            var fileSystem = FileSystemProbe.Describe(work);
            Console.WriteLine($"group commit: {recordSize}-byte durable records, {seconds:0.#} s per row");
            Console.WriteLine($"directory: {work} ({fileSystem?.Type ?? "file system unknown"}), {Environment.ProcessorCount} CPUs, {Environment.OSVersion}");
            if (fileSystem is { IsMemoryBacked: true })
            {
                Console.WriteLine($"WARNING: {work} is on {fileSystem.Type}: fsync costs nothing there, so these numbers say nothing about a disk. Use --dir on a real disk.");
            }
            Console.WriteLine();

            // Warm up (JIT, file-system journal) on a throw-away file, then measure.
            RunBaseline(Path.Combine(work, "warmup.log"), recordSize, Math.Min(0.5, seconds / 4));
            var baseline = RunBaseline(Path.Combine(work, "baseline.log"), recordSize, seconds);
            Console.WriteLine($"baseline: 1 writer, LogWriter.Sync after every record: {baseline.PerSecond:N0} fsyncs/s, p50 {baseline.P50:N0} µs, p99 {baseline.P99:N0} µs");
            Console.WriteLine("without group commit, durable commits/s cannot exceed this rate");
            Console.WriteLine();
            Console.WriteLine("| writers | commits/s | fsyncs/s | mean batch | p50 µs | p99 µs | commits/s ÷ baseline |");
            Console.WriteLine("|--------:|----------:|---------:|-----------:|-------:|-------:|---------------------:|");
            foreach (var writers in writerCounts)
            {
                var row = await RunGroupCommitAsync(Path.Combine(work, $"writers-{writers}.log"), writers, recordSize, seconds);
                Console.WriteLine($"| {writers,7} | {row.CommitsPerSecond,9:N0} | {row.FsyncsPerSecond,8:N0} | {row.MeanBatch,10:N1} | {row.P50,6:N0} | {row.P99,6:N0} | {row.CommitsPerSecond / baseline.PerSecond,20:N1} |");
            }
            return 0;
        }
        finally
        {
            Directory.Delete(work, recursive: true);
        }
    }

    private static (double PerSecond, double P50, double P99) RunBaseline(string path, int recordSize, double seconds)
    {
        var record = new byte[recordSize];
        var latencies = new List<double>();
        using var writer = LogWriter.Create(path);
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed.TotalSeconds < seconds)
        {
            var start = Stopwatch.GetTimestamp();
            writer.AddRecord(record);
            writer.Sync();
            latencies.Add(Stopwatch.GetElapsedTime(start).TotalMicroseconds);
        }
        latencies.Sort();
        return (latencies.Count / clock.Elapsed.TotalSeconds, Percentiles.Of<double>(CollectionsMarshal.AsSpan(latencies), 50), Percentiles.Of<double>(CollectionsMarshal.AsSpan(latencies), 99));
    }

    private static async Task<(double CommitsPerSecond, double FsyncsPerSecond, double MeanBatch, double P50, double P99)> RunGroupCommitAsync(
        string path, int writers, int recordSize, double seconds)
    {
        using var wal = WriteAheadLog.Open(path);
        var perWriter = new List<double>[writers];
        var clock = Stopwatch.StartNew();
        var tasks = Enumerable.Range(0, writers).Select(w => Task.Run(async () =>
        {
            var record = new byte[recordSize];
            var latencies = perWriter[w] = [];
            while (clock.Elapsed.TotalSeconds < seconds)
            {
                var start = Stopwatch.GetTimestamp();
                await wal.AppendAsync(record, durable: true);
                latencies.Add(Stopwatch.GetElapsedTime(start).TotalMicroseconds);
            }
        }));
        await Task.WhenAll(tasks);
        var elapsed = clock.Elapsed.TotalSeconds;

        var all = perWriter.SelectMany(l => l).ToList();
        all.Sort();
        var stats = wal.Statistics;
        return (stats.Records / elapsed, stats.Fsyncs / elapsed, stats.MeanBatchSize, Percentiles.Of<double>(CollectionsMarshal.AsSpan(all), 50), Percentiles.Of<double>(CollectionsMarshal.AsSpan(all), 99));
    }
}
