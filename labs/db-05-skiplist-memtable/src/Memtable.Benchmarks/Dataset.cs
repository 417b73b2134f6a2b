using FromScratch.Shared.Randomness;
using FromScratch.Shared.Workloads;

namespace FromScratch.Memtable.Benchmarks;

/// <summary>
/// The entries every benchmark of this project uses, as db_bench makes them: 16-byte keys that are
/// zero-padded decimal indexes (<c>0000000000000042</c>, so bytewise order is numeric order) and
/// 100-byte values of printable bytes from LevelDB's generator. <see cref="RandomOrder"/> is the
/// indexes 0..N-1 shuffled with a fixed seed (fillrandom, readrandom); <see cref="SortedKeys"/> the
/// keys in order (fillseq). Built once per process and size, then shared read-only.
/// </summary>
internal sealed class Dataset
{
    /// <summary>The key size, db_bench's default.</summary>
    public const int KeySize = 16;

    /// <summary>The value size, db_bench's default.</summary>
    public const int ValueSize = 100;

    /// <summary>Distinct values; entry i gets value i mod this.</summary>
    public const int DistinctValues = 1024;

    private static readonly Dictionary<int, Dataset> Cache = [];

    private Dataset(int count)
    {
        Count = count;
        var format = new WorkloadOptions { KeySize = KeySize };
        SortedKeys = new byte[count][];
        for (var i = 0; i < count; i++)
        {
            SortedKeys[i] = format.FormatKey(i);
        }

        RandomOrder = [.. Enumerable.Range(0, count)];
        new Random(301).Shuffle(RandomOrder);
        var random = new LevelDbRandom(301);
        Values = new byte[DistinctValues][];
        for (var v = 0; v < DistinctValues; v++)
        {
            Values[v] = new byte[ValueSize];
            for (var b = 0; b < ValueSize; b++)
            {
                Values[v][b] = (byte)(' ' + random.Uniform(95));
            }
        }
    }

    /// <summary>The number of entries.</summary>
    public int Count { get; }

    /// <summary>Key i is the 16-digit decimal form of i.</summary>
    public byte[][] SortedKeys { get; }

    /// <summary>The indexes 0..Count-1 in a fixed random order.</summary>
    public int[] RandomOrder { get; }

    /// <summary>The values; entry i's is <c>Values[i % DistinctValues]</c>.</summary>
    public byte[][] Values { get; }

    /// <summary>The value of entry <paramref name="index"/>.</summary>
    public byte[] ValueOf(int index) => Values[index % DistinctValues];

    /// <summary>The dataset of <paramref name="count"/> entries (built on first use).</summary>
    public static Dataset Of(int count)
    {
        lock (Cache)
        {
            if (!Cache.TryGetValue(count, out var dataset))
            {
                Cache[count] = dataset = new Dataset(count);
            }

            return dataset;
        }
    }
}
