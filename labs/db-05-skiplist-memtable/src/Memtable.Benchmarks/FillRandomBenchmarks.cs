using System.Collections.Concurrent;
using BenchmarkDotNet.Attributes;

namespace FromScratch.Memtable.Benchmarks;

/// <summary>
/// db_bench's fillrandom in memory: N entries (16-byte key, 100-byte value) inserted in a fixed
/// random order into a new, empty structure. Every structure copies the key and the value (a
/// memtable must own its bytes: the caller reuses its buffers), so the baselines allocate two arrays
/// and a node per entry where the MemTable writes into its arena. The MemTable also does more work
/// per entry: it stores an internal key (the 8-byte tag of sequence and type) and compares through
/// the internal key comparator. SortedList is absent: a random insert shifts half of its arrays, so N
/// inserts cost O(N^2) (FillSeqBenchmarks has it). ns/op, Mops/s and B/op are per entry.
/// </summary>
[MemoryDiagnoser]
[Config(typeof(PerOperationConfig))]
[OperationsAreEntries]
public class FillRandomBenchmarks
{
    private Dataset _data = null!;

    /// <summary>The number of entries inserted per invocation.</summary>
    [Params(100_000, 1_000_000)]
    public int N { get; set; }

    [GlobalSetup]
    public void Setup() => _data = Dataset.Of(N);

    /// <summary>The baseline: a red-black tree of copied arrays.</summary>
    [Benchmark(Baseline = true)]
    public int SortedDictionaryAdd()
    {
        var dictionary = new SortedDictionary<byte[], byte[]>(ByteArrayComparer.Instance);
        foreach (var i in _data.RandomOrder)
        {
            dictionary.Add(_data.SortedKeys[i].AsSpan().ToArray(), _data.ValueOf(i).AsSpan().ToArray());
        }

        return dictionary.Count;
    }

    /// <summary>MemTable.Add at sequence 1, 2, 3, ... (a put each), into a new memtable that is released at the end.</summary>
    [Benchmark]
    public long MemTableAdd()
    {
        var memTable = new MemTable(InternalKeyComparator.Bytewise);
        var sequence = 0UL;
        foreach (var i in _data.RandomOrder)
        {
            memTable.Add(++sequence, EntryType.Value, _data.SortedKeys[i], _data.ValueOf(i));
        }

        var count = memTable.Count;
        memTable.Unref();
        return count;
    }

    /// <summary>A hash table of copied arrays: no order at all (ReadSeqBenchmarks sorts it to scan it).</summary>
    [Benchmark]
    public int ConcurrentDictionaryAdd()
    {
        var dictionary = new ConcurrentDictionary<byte[], byte[]>(ByteArrayComparer.Instance);
        foreach (var i in _data.RandomOrder)
        {
            dictionary.TryAdd(_data.SortedKeys[i].AsSpan().ToArray(), _data.ValueOf(i).AsSpan().ToArray());
        }

        return dictionary.Count;
    }
}
