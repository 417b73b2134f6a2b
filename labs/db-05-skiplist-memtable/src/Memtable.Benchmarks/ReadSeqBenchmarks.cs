using System.Collections.Concurrent;
using BenchmarkDotNet.Attributes;

namespace FromScratch.Memtable.Benchmarks;

/// <summary>
/// db_bench's readseq in memory: one scan of all N entries in key order, reading each key and value
/// (their lengths are summed). The MemTable's scan is its iterator (SeekToFirst, then Next while
/// Valid), which yields internal keys and splits each entry into key and value. The hash table has
/// no order: its row copies the pairs out and sorts them first, which is what a flush of a hash-based
/// memtable would have to do. ns/op, Mops/s and B/op are per entry.
/// </summary>
[MemoryDiagnoser]
[Config(typeof(PerOperationConfig))]
[OperationsAreEntries]
public class ReadSeqBenchmarks
{
    private MemTable? _memTable;
    private SortedDictionary<byte[], byte[]>? _sortedDictionary;
    private SortedList<byte[], byte[]>? _sortedList;
    private ConcurrentDictionary<byte[], byte[]>? _concurrentDictionary;

    /// <summary>The number of entries scanned.</summary>
    [Params(100_000, 1_000_000)]
    public int N { get; set; }

    [GlobalSetup(Target = nameof(SortedDictionaryScan))]
    public void SetupSortedDictionary()
    {
        var data = Dataset.Of(N);
        _sortedDictionary = new SortedDictionary<byte[], byte[]>(ByteArrayComparer.Instance);
        foreach (var i in data.RandomOrder)
        {
            _sortedDictionary.Add(data.SortedKeys[i].AsSpan().ToArray(), data.ValueOf(i).AsSpan().ToArray());
        }
    }

    [GlobalSetup(Target = nameof(MemTableScan))]
    public void SetupMemTable()
    {
        var data = Dataset.Of(N);
        _memTable = new MemTable(InternalKeyComparator.Bytewise);
        var sequence = 0UL;
        foreach (var i in data.RandomOrder)
        {
            _memTable.Add(++sequence, EntryType.Value, data.SortedKeys[i], data.ValueOf(i));
        }
    }

    [GlobalSetup(Target = nameof(SortedListScan))]
    public void SetupSortedList()
    {
        var data = Dataset.Of(N);
        _sortedList = new SortedList<byte[], byte[]>(data.Count, ByteArrayComparer.Instance);
        for (var i = 0; i < data.Count; i++)
        {
            _sortedList.Add(data.SortedKeys[i].AsSpan().ToArray(), data.ValueOf(i).AsSpan().ToArray());
        }
    }

    [GlobalSetup(Target = nameof(ConcurrentDictionarySortScan))]
    public void SetupConcurrentDictionary()
    {
        var data = Dataset.Of(N);
        _concurrentDictionary = new ConcurrentDictionary<byte[], byte[]>(ByteArrayComparer.Instance);
        foreach (var i in data.RandomOrder)
        {
            _concurrentDictionary.TryAdd(data.SortedKeys[i].AsSpan().ToArray(), data.ValueOf(i).AsSpan().ToArray());
        }
    }

    [GlobalCleanup]
    public void Cleanup() => _memTable?.Unref();

    /// <summary>The baseline: an in-order walk of a red-black tree.</summary>
    [Benchmark(Baseline = true)]
    public long SortedDictionaryScan()
    {
        var sum = 0L;
        foreach (var (key, value) in _sortedDictionary!)
        {
            sum += key.Length + value.Length;
        }

        return sum;
    }

    /// <summary>The memtable's iterator over internal keys and values.</summary>
    [Benchmark]
    public long MemTableScan()
    {
        var sum = 0L;
        using var iterator = _memTable!.NewIterator();
        for (iterator.SeekToFirst(); iterator.Valid; iterator.Next())
        {
            sum += iterator.Key.Length + iterator.Value.Length;
        }

        return sum;
    }

    /// <summary>Two arrays read by index.</summary>
    [Benchmark]
    public long SortedListScan()
    {
        var list = _sortedList!;
        var sum = 0L;
        for (var i = 0; i < list.Count; i++)
        {
            sum += list.GetKeyAtIndex(i).Length + list.GetValueAtIndex(i).Length;
        }

        return sum;
    }

    /// <summary>Copy the pairs out of the hash table, sort them by key, then read them in order.</summary>
    [Benchmark]
    public long ConcurrentDictionarySortScan()
    {
        var pairs = _concurrentDictionary!.ToArray();
        Array.Sort(pairs, static (a, b) => ByteArrayComparer.Instance.Compare(a.Key, b.Key));
        var sum = 0L;
        foreach (var (key, value) in pairs)
        {
            sum += key.Length + value.Length;
        }

        return sum;
    }
}
