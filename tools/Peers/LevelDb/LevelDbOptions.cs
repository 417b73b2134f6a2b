using System.Globalization;

namespace FromScratch.Peers.LevelDb;

/// <summary>
/// The options of a <see cref="LevelDbStore"/>, each mapped to one <c>leveldb_options_set_*</c> call
/// (include/leveldb/options.h explains each); the defaults are LevelDB 1.23's, except
/// <see cref="CreateIfMissing"/>. LevelDB silently clips some sizes into a range
/// (<c>SanitizeOptions</c> in db/db_impl.cc); <see cref="Validate"/> rejects values outside those
/// ranges instead, so that a store never runs with other options than it was given.
/// </summary>
public sealed record LevelDbOptions
{
    /// <summary>The defaults.</summary>
    public static LevelDbOptions Default { get; } = new();

    /// <summary>Create the store if the directory holds none (<c>create_if_missing</c>; LevelDB's default is false, the curriculum's stores create theirs).</summary>
    public bool CreateIfMissing { get; init; } = true;

    /// <summary>Stop at the first damage found in recovery or compaction instead of skipping it (<c>paranoid_checks</c>, default false).</summary>
    public bool ParanoidChecks { get; init; }

    /// <summary>
    /// Verify the checksum of every block read, for every read of the store (<c>ReadOptions.verify_checksums</c>,
    /// default false: LevelDB then returns a value from a table block whose bytes changed on disk, where
    /// the contract says a store never returns corrupt data). A read's own
    /// <see cref="Shared.KeyValue.ReadOptions.VerifyChecksums"/> turns it on for that read.
    /// </summary>
    public bool VerifyChecksums { get; init; }

    /// <summary>Bytes of writes the memtable collects before it is written out as a table (<c>write_buffer_size</c>, default 4 MiB; LevelDB's range 64 KiB..1 GiB).</summary>
    public long WriteBufferSize { get; init; } = 4L << 20;

    /// <summary>Bytes of user data per table block, before compression (<c>block_size</c>, default 4 KiB; range 1 KiB..4 MiB).</summary>
    public int BlockSize { get; init; } = 4096;

    /// <summary>Capacity in bytes of the LRU cache of uncompressed blocks (<c>leveldb_cache_create_lru</c>; default 8 MiB, the size of the cache LevelDB makes when given none; 0 caches nothing).</summary>
    public long BlockCacheSize { get; init; } = 8L << 20;

    /// <summary>Block compression (<c>compression</c>, default Snappy).</summary>
    public LevelDbCompression Compression { get; init; } = LevelDbCompression.Snappy;

    /// <summary>Bits per key of a Bloom filter in every table (<c>leveldb_filterpolicy_create_bloom</c>; default null: no filter; 10 gives about 1% false positives).</summary>
    public int? BloomFilterBitsPerKey { get; init; }

    /// <summary>Files LevelDB keeps open, most of them tables (<c>max_open_files</c>, default 1000; range 74..50000).</summary>
    public int MaxOpenFiles { get; init; } = 1000;

    /// <summary>Bytes LevelDB writes to one table file before it starts the next (<c>max_file_size</c>, default 2 MiB; range 1 MiB..1 GiB).</summary>
    public long MaxFileSize { get; init; } = 2L << 20;

    /// <summary>Throws <see cref="ArgumentOutOfRangeException"/> naming the first option outside the range LevelDB accepts.</summary>
    public void Validate()
    {
        Check(WriteBufferSize, 64L << 10, 1L << 30, nameof(WriteBufferSize));
        Check(BlockSize, 1L << 10, 4L << 20, nameof(BlockSize));
        Check(BlockCacheSize, 0, long.MaxValue, nameof(BlockCacheSize));
        Check(MaxOpenFiles, 74, 50_000, nameof(MaxOpenFiles));
        Check(MaxFileSize, 1L << 20, 1L << 30, nameof(MaxFileSize));
        if (!Enum.IsDefined(Compression))
        {
            throw new ArgumentOutOfRangeException(nameof(Compression), Compression, "LevelDB compresses with None or Snappy.");
        }

        if (BloomFilterBitsPerKey is { } bits)
        {
            Check(bits, 1, 100, nameof(BloomFilterBitsPerKey));
        }
    }

    /// <summary>The options in one line, as a comparison prints them: "write buffer 4 MiB, block 4 KiB, ...".</summary>
    public string Describe() => string.Join(", ",
        $"write buffer {Size(WriteBufferSize)}",
        $"block {Size(BlockSize)}",
        $"block cache {Size(BlockCacheSize)}",
        $"compression {Compression.ToString().ToLowerInvariant()}",
        BloomFilterBitsPerKey is { } bits ? $"bloom filter {bits} bits/key" : "no bloom filter",
        $"max open files {MaxOpenFiles}",
        $"max file size {Size(MaxFileSize)}",
        $"paranoid checks {(ParanoidChecks ? "on" : "off")}",
        $"verify checksums {(VerifyChecksums ? "on" : "off")}");

    internal static void Check(long value, long min, long max, string name)
    {
        if (value < min || value > max)
        {
            throw new ArgumentOutOfRangeException(name, value, $"{name} must be in [{min}, {max}]; the engine would otherwise clip it or fail.");
        }
    }

    internal static string Size(long bytes) => bytes switch
    {
        0 => "0",
        _ when bytes % (1L << 20) == 0 => string.Create(CultureInfo.InvariantCulture, $"{bytes >> 20} MiB"),
        _ when bytes % (1L << 10) == 0 => string.Create(CultureInfo.InvariantCulture, $"{bytes >> 10} KiB"),
        _ => string.Create(CultureInfo.InvariantCulture, $"{bytes} B"),
    };
}
