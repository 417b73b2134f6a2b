using BenchmarkDotNet.Attributes;

namespace FromScratch.Memtable.Benchmarks;

/// <summary>
/// db_bench's fillseq in memory: N entries (16-byte key, 100-byte value) inserted in ascending key
/// order into a new, empty structure, each key and value copied. Ascending order is SortedList's
/// best case (every insert appends to its arrays) and a skip list's: every search descends to the
/// right end of each level. ns/op, Mops/s and B/op are per entry.
/// </summary>
[MemoryDiagnoser]
[Config(typeof(PerOperationConfig))]
[OperationsAreEntries]
public class FillSeqBenchmarks
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
        for (var i = 0; i < _data.Count; i++)
        {
            dictionary.Add(_data.SortedKeys[i].AsSpan().ToArray(), _data.ValueOf(i).AsSpan().ToArray());
        }

        return dictionary.Count;
    }

    /// <summary>MemTable.Add at sequence 1, 2, 3, ..., into a new memtable that is released at the end.</summary>
    [Benchmark]
    public long MemTableAdd()
    {
        var memTable = new MemTable(InternalKeyComparator.Bytewise);
        for (var i = 0; i < _data.Count; i++)
        {
            memTable.Add((ulong)i + 1, EntryType.Value, _data.SortedKeys[i], _data.ValueOf(i));
        }

        var count = memTable.Count;
        memTable.Unref();
        return count;
    }

    /// <summary>Two sorted arrays; an ascending insert is a binary search and an append.</summary>
    [Benchmark]
    public int SortedListAdd()
    {
        var list = new SortedList<byte[], byte[]>(ByteArrayComparer.Instance);
        for (var i = 0; i < _data.Count; i++)
        {
            list.Add(_data.SortedKeys[i].AsSpan().ToArray(), _data.ValueOf(i).AsSpan().ToArray());
        }

        return list.Count;
    }
}
