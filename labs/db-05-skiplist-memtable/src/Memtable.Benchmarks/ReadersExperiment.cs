using System.Diagnostics;
using System.Globalization;

namespace FromScratch.Memtable.Benchmarks;

/// <summary>
/// <c>readers</c>: reads per second with 1, 2 and 4 reader threads beside one writer, the situation
/// the memtable is built for (LevelDB's Get never locks the memtable). Not BenchmarkDotNet: the rows
/// need threads that run together, and a count of operations over the writer's lifetime.
/// <code>
///   per row:  a new MemTable prefilled with P entries (16-byte keys, 100-byte values)
///             R reader threads: Get(random prefilled key, newest sequence) until told to stop;
///                               every answer must be Found with the 100-byte value (misses counted)
///             the writer (this thread): Add W new entries in random key order, as fast as it can
///             reads/s = reads done while the writer ran / the writer's time
///   rows:     writer alone; 1 reader alone (for --seconds); 1, 2, 4 readers beside the writer
///   repeated: --repetitions times, interleaved (row 1..5, row 1..5, ...); median and range printed
/// </code>
/// On a machine with fewer cores than readers + 1, the threads share cores, and the table says so.
/// </summary>
internal static class ReadersExperiment
{
    public const string Verb = "readers";

    public static string Usage { get; } =
        "readers [--prefill N] [--writes N] [--readers 1,2,4] [--repetitions 3] [--seconds 1]";

    public static int Run(IReadOnlyList<string> args)
    {
        var prefill = 1_000_000;
        var writes = 1_000_000;
        int[] readerCounts = [1, 2, 4];
        var repetitions = 3;
        var seconds = 1.0;
        for (var i = 0; i < args.Count; i++)
        {
            string Value() => i + 1 < args.Count ? args[++i] : throw new ArgumentException($"{args[i]} needs a value. Usage: {Usage}");
            switch (args[i])
            {
                case "--prefill": prefill = int.Parse(Value(), CultureInfo.InvariantCulture); break;
                case "--writes": writes = int.Parse(Value(), CultureInfo.InvariantCulture); break;
                case "--readers": readerCounts = [.. Value().Split(',').Select(s => int.Parse(s, CultureInfo.InvariantCulture))]; break;
                case "--repetitions": repetitions = int.Parse(Value(), CultureInfo.InvariantCulture); break;
                case "--seconds": seconds = double.Parse(Value(), CultureInfo.InvariantCulture); break;
                default:
                    Console.Error.WriteLine($"error: unknown argument '{args[i]}'. Usage: {Usage}");
                    return 2;
            }
        }

        var data = Dataset.Of(prefill + writes);
        var rows = new List<(string Name, int Readers, bool Writer)> { ("writer alone", 0, true), ("1 reader alone", 1, false) };
        rows.AddRange(readerCounts.Select(r => ($"{r} reader{(r == 1 ? "" : "s")} + writer", r, true)));
        var results = rows.Select(_ => new List<RowResult>()).ToList();

        Console.WriteLine($"readers beside one writer (MemTable): {prefill:N0} entries prefilled; the writer adds {writes:N0} more; 16-byte keys, 100-byte values");
        Console.WriteLine("readers Get random prefilled keys at the newest sequence; every answer must be the 100-byte value");
        Console.WriteLine(MachineLoad.Describe("before"));
        Console.WriteLine($"{repetitions} interleaved repetitions; each cell is the median [min - max]");
        for (var repetition = 0; repetition < repetitions; repetition++)
        {
            for (var r = 0; r < rows.Count; r++)
            {
                results[r].Add(RunRow(data, prefill, writes, rows[r].Readers, rows[r].Writer, seconds));
            }
        }

        Console.WriteLine();
        Console.WriteLine("| row | threads | reads/s | reads/s per reader | writer inserts/s | misses |");
        Console.WriteLine("|---|--:|--:|--:|--:|--:|");
        for (var r = 0; r < rows.Count; r++)
        {
            var (name, readers, writer) = rows[r];
            var runs = results[r];
            Console.WriteLine(
                $"| {name} | {readers + (writer ? 1 : 0)} | {Cell(runs.Select(x => x.ReadsPerSecond))} | {(readers == 0 ? "-" : Cell(runs.Select(x => x.ReadsPerSecond / readers)))} | {(writer ? Cell(runs.Select(x => x.InsertsPerSecond)) : "-")} | {runs.Sum(x => x.Misses)} |");
        }

        Console.WriteLine();
        Console.WriteLine(MachineLoad.Describe("after"));
        if (rows.Any(row => row.Readers + 1 > Environment.ProcessorCount))
        {
            Console.WriteLine($"note: rows with more threads than the {Environment.ProcessorCount} CPUs share cores; their totals measure the CPUs, not the memtable");
        }

        return results.Any(runs => runs.Any(x => x.Misses > 0)) ? 1 : 0;
    }

    private static string Cell(IEnumerable<double> values)
    {
        var sorted = values.Order().ToArray();
        var median = sorted.Length % 2 == 1 ? sorted[sorted.Length / 2] : (sorted[(sorted.Length / 2) - 1] + sorted[sorted.Length / 2]) / 2;
        return string.Create(CultureInfo.InvariantCulture, $"{median:N0} [{sorted[0]:N0} - {sorted[^1]:N0}]");
    }

    private static RowResult RunRow(Dataset data, int prefill, int writes, int readers, bool writer, double seconds)
    {
        var memTable = new MemTable(InternalKeyComparator.Bytewise);
        var sequence = 0UL;
        for (var i = 0; i < prefill; i++)
        {
            var index = data.RandomOrder[i];
            memTable.Add(++sequence, EntryType.Value, data.SortedKeys[index], data.ValueOf(index));
        }

        GC.Collect();
        GC.WaitForPendingFinalizers();
        var go = false;
        var stop = false;
        var reads = new long[readers];
        var misses = new long[readers];
        var threads = Enumerable.Range(0, readers).Select(t => new Thread(() =>
        {
            var state = (uint)(2463534242 + (t * 7919));   // xorshift32, a stream of its own per reader
            long done = 0;
            long missed = 0;
            while (!Volatile.Read(ref go))
            {
                Thread.SpinWait(20);
            }

            while (!Volatile.Read(ref stop))
            {
                for (var batch = 0; batch < 64; batch++)
                {
                    state ^= state << 13;
                    state ^= state >> 17;
                    state ^= state << 5;
                    var index = data.RandomOrder[(int)(state % (uint)prefill)];
                    if (memTable.Get(data.SortedKeys[index], InternalKey.MaxSequenceNumber, out var value) != MemTableGetResult.Found
                        || value.Length != Dataset.ValueSize)
                    {
                        missed++;
                    }
                }

                done += 64;
            }

            reads[t] = done;
            misses[t] = missed;
        })
        { IsBackground = true, Name = $"reader {t}" }).ToList();
        threads.ForEach(t => t.Start());

        var clock = Stopwatch.StartNew();
        Volatile.Write(ref go, true);
        if (writer)
        {
            for (var i = prefill; i < prefill + writes; i++)
            {
                var index = data.RandomOrder[i];
                memTable.Add(++sequence, EntryType.Value, data.SortedKeys[index], data.ValueOf(index));
            }
        }
        else
        {
            Thread.Sleep(TimeSpan.FromSeconds(seconds));
        }

        Volatile.Write(ref stop, true);
        var elapsed = clock.Elapsed.TotalSeconds;
        foreach (var thread in threads)
        {
            if (!thread.Join(TimeSpan.FromMinutes(1)))
            {
                throw new TimeoutException($"{thread.Name} did not stop within a minute of being told to.");
            }
        }

        memTable.Unref();
        return new RowResult(reads.Sum() / elapsed, writer ? writes / elapsed : 0, misses.Sum());
    }

    private readonly record struct RowResult(double ReadsPerSecond, double InsertsPerSecond, long Misses);
}
