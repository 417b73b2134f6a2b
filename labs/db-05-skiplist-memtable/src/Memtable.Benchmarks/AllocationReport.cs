using System.Globalization;

namespace FromScratch.Memtable.Benchmarks;

/// <summary>
/// <c>allocations</c>: what one insert allocates on the managed heap, and how much of it is the
/// memtable's own memory. BenchmarkDotNet's Allocated column counts everything, including the
/// arena's blocks and the skip list's node chunks, which are the memtable's storage, not garbage;
/// this command separates them.
/// <code>
///   per N:  a new MemTable; its first 1,000 adds warm up (JIT, first block, first chunk)
///           allocated  = GC.GetAllocatedBytesForCurrentThread() over the remaining adds
///           storage    = growth of ApproximateMemoryUsage (arena blocks + node chunks) over them
///           beyond     = allocated - storage: what an add allocates of its own (the goal: 0)
///   and the same fill into SortedDictionary (copies of key and value), for comparison,
///   with the collections each fill caused (GC.CollectionCount of generations 0, 1, 2)
/// </code>
/// The memtables are kept until the end, so that no add is served blocks another memtable returned
/// to the pool (which would make storage bigger than what was allocated).
/// </summary>
internal static class AllocationReport
{
    public const string Verb = "allocations";

    public static string Usage { get; } = "allocations [--entries 100000,1000000]";

    public static int Run(IReadOnlyList<string> args)
    {
        int[] sizes = [100_000, 1_000_000];
        for (var i = 0; i < args.Count; i++)
        {
            if (args[i] == "--entries" && i + 1 < args.Count)
            {
                sizes = [.. args[++i].Split(',').Select(s => int.Parse(s, CultureInfo.InvariantCulture))];
            }
            else
            {
                Console.Error.WriteLine($"error: unknown argument '{args[i]}'. Usage: {Usage}");
                return 2;
            }
        }

        const int WarmUp = 1000;
        Console.WriteLine("allocations per insert: fillrandom of N entries (16-byte keys, 100-byte values), after 1,000 warm-up adds");
        Console.WriteLine(MachineLoad.Describe("before"));
        Console.WriteLine();
        Console.WriteLine("| structure | N | allocated B/insert | arena blocks + node chunks B/insert | beyond them B/insert | gen0 | gen1 | gen2 |");
        Console.WriteLine("|---|--:|--:|--:|--:|--:|--:|--:|");
        var kept = new List<MemTable>();
        var beyondAny = false;
        foreach (var n in sizes)
        {
            var data = Dataset.Of(n);
            GC.Collect();
            GC.WaitForPendingFinalizers();
            var memTable = new MemTable(InternalKeyComparator.Bytewise);
            kept.Add(memTable);
            var sequence = 0UL;
            for (var i = 0; i < Math.Min(WarmUp, n); i++)
            {
                var index = data.RandomOrder[i];
                memTable.Add(++sequence, EntryType.Value, data.SortedKeys[index], data.ValueOf(index));
            }

            var usage = memTable.ApproximateMemoryUsage;
            var (gen0, gen1, gen2) = Collections();
            var allocated = GC.GetAllocatedBytesForCurrentThread();
            for (var i = WarmUp; i < n; i++)
            {
                var index = data.RandomOrder[i];
                memTable.Add(++sequence, EntryType.Value, data.SortedKeys[index], data.ValueOf(index));
            }

            allocated = GC.GetAllocatedBytesForCurrentThread() - allocated;
            var storage = memTable.ApproximateMemoryUsage - usage;
            var (after0, after1, after2) = Collections();
            var inserts = (double)(n - WarmUp);
            var beyond = (allocated - storage) / inserts;
            beyondAny |= beyond >= 1.0;
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"| MemTable | {n:N0} | {allocated / inserts:N1} | {storage / inserts:N1} | {beyond:N2} | {after0 - gen0} | {after1 - gen1} | {after2 - gen2} |"));

            GC.Collect();
            GC.WaitForPendingFinalizers();
            var dictionary = new SortedDictionary<byte[], byte[]>(ByteArrayComparer.Instance);
            (gen0, gen1, gen2) = Collections();
            allocated = GC.GetAllocatedBytesForCurrentThread();
            foreach (var index in data.RandomOrder)
            {
                dictionary.Add(data.SortedKeys[index].AsSpan().ToArray(), data.ValueOf(index).AsSpan().ToArray());
            }

            allocated = GC.GetAllocatedBytesForCurrentThread() - allocated;
            (after0, after1, after2) = Collections();
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"| SortedDictionary | {n:N0} | {allocated / (double)n:N1} | - | {allocated / (double)n:N1} | {after0 - gen0} | {after1 - gen1} | {after2 - gen2} |"));
            GC.KeepAlive(dictionary);
        }

        Console.WriteLine();
        Console.WriteLine(MachineLoad.Describe("after"));
        kept.ForEach(m => m.Unref());
        return beyondAny ? 1 : 0;
    }

    private static (int, int, int) Collections() => (GC.CollectionCount(0), GC.CollectionCount(1), GC.CollectionCount(2));
}
