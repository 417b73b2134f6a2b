using System.Globalization;

namespace FromScratch.Shared.Workloads;

/// <summary>
/// The parameters of a run, with db_bench's defaults and flag names (in parentheses): 16-byte keys,
/// 100-byte values that compress to half, 1,000,000 entries.
/// <para>
/// Keys are the decimal index, zero-padded to <see cref="KeySize"/> bytes (db_bench's <c>"%016d"</c>), so
/// that key order is numeric order and every key has the same length:
/// <code>
///   KeySize 16:  key 42 = "0000000000000042"  (ASCII bytes 30 30 ... 34 32)
/// </code>
/// </para>
/// </summary>
public sealed record WorkloadOptions
{
    /// <summary>The default list: every workload a store without order supports, in an order where each has data to work on.</summary>
    public static IReadOnlyList<WorkloadKind> DefaultWorkloads { get; } =
    [
        WorkloadKind.FillSeq, WorkloadKind.FillSync, WorkloadKind.FillRandom, WorkloadKind.Overwrite,
        WorkloadKind.ReadRandom, WorkloadKind.ReadMissing, WorkloadKind.DeleteRandom,
    ];

    /// <summary>(--benchmarks) The workloads to run, in order.</summary>
    public IReadOnlyList<WorkloadKind> Workloads { get; init; } = DefaultWorkloads;

    /// <summary>(--num) The number of entries: the key space 0..Num-1 and the operations of writes and deletes.</summary>
    public int Num { get; init; } = 1_000_000;

    /// <summary>(--reads) The number of reads of the read workloads; negative means <see cref="Num"/>.</summary>
    public int Reads { get; init; } = -1;

    /// <summary>The number of reads the read workloads do.</summary>
    public int EffectiveReads => Reads < 0 ? Num : Reads;

    /// <summary>(--key_size) The length of every key in bytes; at least the number of decimal digits of Num - 1.</summary>
    public int KeySize { get; init; } = 16;

    /// <summary>(--value_size) The length of every value in bytes.</summary>
    public int ValueSize { get; init; } = 100;

    /// <summary>(--compression_ratio) The fraction of its size a value compresses to (its random part; the rest repeats it), in (0, 1].</summary>
    public double CompressionRatio { get; init; } = 0.5;

    /// <summary>(--sync) Whether every write is synced (<see cref="KeyValue.WriteOptions.Sync"/>); fillsync syncs regardless.</summary>
    public bool Sync { get; init; }

    /// <summary>(--threads) The number of threads; each workload's operations are split evenly between them.</summary>
    public int Threads { get; init; } = 1;

    /// <summary>(--seed) The seed of every random choice (key order, values): the same seed and options replay the same operations.</summary>
    public int Seed { get; init; } = 301;

    /// <summary>(--batch) Entries per write: 1 writes with Put and Delete, more groups them into one <see cref="KeyValue.WriteBatch"/> (db_bench's <c>entries_per_batch</c>).</summary>
    public int BatchSize { get; init; } = 1;

    /// <summary>Throws <see cref="ArgumentException"/> naming the first option out of range.</summary>
    public void Validate()
    {
        if (Workloads is null || Workloads.Count == 0)
        {
            throw new ArgumentException("At least one workload is needed.", nameof(Workloads));
        }

        ArgumentOutOfRangeException.ThrowIfLessThan(Num, 1, nameof(Num));
        ArgumentOutOfRangeException.ThrowIfLessThan(KeySize, 1, nameof(KeySize));
        ArgumentOutOfRangeException.ThrowIfNegative(ValueSize, nameof(ValueSize));
        ArgumentOutOfRangeException.ThrowIfLessThan(Threads, 1, nameof(Threads));
        ArgumentOutOfRangeException.ThrowIfLessThan(BatchSize, 1, nameof(BatchSize));
        if (!(CompressionRatio > 0 && CompressionRatio <= 1))
        {
            throw new ArgumentOutOfRangeException(nameof(CompressionRatio), CompressionRatio, "The compression ratio is in (0, 1].");
        }

        var digits = (Num - 1).ToString(CultureInfo.InvariantCulture).Length;
        if (KeySize < digits)
        {
            throw new ArgumentOutOfRangeException(nameof(KeySize), KeySize,
                $"Keys are zero-padded decimal indexes: {Num} entries need keys of at least {digits} bytes.");
        }
    }

    /// <summary>Key <paramref name="index"/>: its decimal digits, zero-padded to <see cref="KeySize"/> bytes.</summary>
    public byte[] FormatKey(long index)
    {
        var key = new byte[KeySize];
        FormatKey(index, key);
        return key;
    }

    /// <summary>Writes key <paramref name="index"/> into the first <see cref="KeySize"/> bytes of <paramref name="destination"/>.</summary>
    public void FormatKey(long index, Span<byte> destination)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(index);
        var key = destination[..KeySize];
        for (var i = key.Length - 1; i >= 0; i--)
        {
            key[i] = (byte)('0' + (index % 10));
            index /= 10;
        }

        if (index != 0)
        {
            throw new ArgumentOutOfRangeException(nameof(index), $"The index does not fit in {KeySize} decimal digits.");
        }
    }
}
