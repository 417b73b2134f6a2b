using System.Collections.Concurrent;
using BenchmarkDotNet.Attributes;

namespace FromScratch.Memtable.Benchmarks;

/// <summary>
/// db_bench's readrandom in memory: 100,000 point lookups of keys that are present, in a fixed
/// random order, in a structure holding N entries (16-byte key, 100-byte value). The MemTable's
/// lookup is <c>Get(userKey, sequence, out value)</c> at the newest sequence: a seek to the lookup
/// key through the internal key comparator, then a check of the user key and the type. The
/// ConcurrentDictionary row is a hash probe: what a lookup costs when order is given up. Each
/// lookup adds the value's length to a sum, so that no structure can skip the read.
/// </summary>
[MemoryDiagnoser]
[Config(typeof(PerOperationConfig))]
public class ReadRandomBenchmarks
{
    private const int Lookups = 100_000;
    private byte[][] _lookups = [];
    private MemTable? _memTable;
    private SortedDictionary<byte[], byte[]>? _sortedDictionary;
    private SortedList<byte[], byte[]>? _sortedList;
    private ConcurrentDictionary<byte[], byte[]>? _concurrentDictionary;

    /// <summary>The number of entries in the structure.</summary>
    [Params(100_000, 1_000_000)]
    public int N { get; set; }

    [GlobalSetup(Target = nameof(SortedDictionaryGet))]
    public void SetupSortedDictionary()
    {
        var data = Prepare();
        _sortedDictionary = new SortedDictionary<byte[], byte[]>(ByteArrayComparer.Instance);
        foreach (var i in data.RandomOrder)
        {
            _sortedDictionary.Add(data.SortedKeys[i].AsSpan().ToArray(), data.ValueOf(i).AsSpan().ToArray());
        }
    }

    [GlobalSetup(Target = nameof(MemTableGet))]
    public void SetupMemTable()
    {
        var data = Prepare();
        _memTable = new MemTable(InternalKeyComparator.Bytewise);
        var sequence = 0UL;
        foreach (var i in data.RandomOrder)
        {
            _memTable.Add(++sequence, EntryType.Value, data.SortedKeys[i], data.ValueOf(i));
        }
    }

    [GlobalSetup(Target = nameof(SortedListGet))]
    public void SetupSortedList()
    {
        var data = Prepare();
        _sortedList = new SortedList<byte[], byte[]>(data.Count, ByteArrayComparer.Instance);
        for (var i = 0; i < data.Count; i++)
        {
            _sortedList.Add(data.SortedKeys[i].AsSpan().ToArray(), data.ValueOf(i).AsSpan().ToArray());
        }
    }

    [GlobalSetup(Target = nameof(ConcurrentDictionaryGet))]
    public void SetupConcurrentDictionary()
    {
        var data = Prepare();
        _concurrentDictionary = new ConcurrentDictionary<byte[], byte[]>(ByteArrayComparer.Instance);
        foreach (var i in data.RandomOrder)
        {
            _concurrentDictionary.TryAdd(data.SortedKeys[i].AsSpan().ToArray(), data.ValueOf(i).AsSpan().ToArray());
        }
    }

    [GlobalCleanup]
    public void Cleanup() => _memTable?.Unref();

    /// <summary>The baseline: a red-black tree search.</summary>
    [Benchmark(Baseline = true, OperationsPerInvoke = Lookups)]
    public long SortedDictionaryGet()
    {
        var dictionary = _sortedDictionary!;
        var sum = 0L;
        foreach (var key in _lookups)
        {
            sum += dictionary[key].Length;
        }

        return sum;
    }

    /// <summary>MemTable.Get at the newest sequence, without allocating a lookup key.</summary>
    [Benchmark(OperationsPerInvoke = Lookups)]
    public long MemTableGet()
    {
        var memTable = _memTable!;
        var sum = 0L;
        foreach (var key in _lookups)
        {
            if (memTable.Get(key, InternalKey.MaxSequenceNumber, out var value) != MemTableGetResult.Found)
            {
                throw new InvalidOperationException("A key that was added is not found.");
            }

            sum += value.Length;
        }

        return sum;
    }

    /// <summary>A binary search of a sorted array.</summary>
    [Benchmark(OperationsPerInvoke = Lookups)]
    public long SortedListGet()
    {
        var list = _sortedList!;
        var sum = 0L;
        foreach (var key in _lookups)
        {
            sum += list[key].Length;
        }

        return sum;
    }

    /// <summary>A hash probe (no order).</summary>
    [Benchmark(OperationsPerInvoke = Lookups)]
    public long ConcurrentDictionaryGet()
    {
        var dictionary = _concurrentDictionary!;
        var sum = 0L;
        foreach (var key in _lookups)
        {
            sum += dictionary[key].Length;
        }

        return sum;
    }

    private Dataset Prepare()
    {
        var data = Dataset.Of(N);
        var order = (int[])data.RandomOrder.Clone();
        new Random(17).Shuffle(order);   // a lookup order of its own, not the insertion order
        _lookups = [.. Enumerable.Range(0, Lookups).Select(i => data.SortedKeys[order[i % order.Length]])];
        return data;
    }
}
