using FromScratch.Peers.LevelDb;

namespace FromScratch.Peers.RocksDb;

/// <summary>
/// The options of a <see cref="RocksDbStore"/>: the same knobs as <see cref="LevelDbOptions"/>, each
/// mapped to one <c>rocksdb_options_set_*</c> or <c>rocksdb_block_based_options_set_*</c> call
/// (include/rocksdb/options.h and table.h explain each), with RocksDB 7.8's defaults, except
/// <see cref="CreateIfMissing"/>. Every other option keeps RocksDB's default (two background jobs,
/// 64 MiB target table files, level compaction with dynamic level sizes off, ...).
/// </summary>
public sealed record RocksDbOptions
{
    /// <summary>The defaults.</summary>
    public static RocksDbOptions Default { get; } = new();

    /// <summary>Create the store if the directory holds none (<c>create_if_missing</c>; RocksDB's default is false, the curriculum's stores create theirs).</summary>
    public bool CreateIfMissing { get; init; } = true;

    /// <summary>Stop at damage found in recovery or compaction instead of skipping it (<c>paranoid_checks</c>, default true in RocksDB).</summary>
    public bool ParanoidChecks { get; init; } = true;

    /// <summary>Verify the checksum of every block read, for every read (<c>ReadOptions.verify_checksums</c>, default true in RocksDB).</summary>
    public bool VerifyChecksums { get; init; } = true;

    /// <summary>Bytes of writes a memtable collects before it is flushed to a table (<c>write_buffer_size</c>, default 64 MiB; at least 64 KiB).</summary>
    public long WriteBufferSize { get; init; } = 64L << 20;

    /// <summary>Bytes of user data per table block, before compression (<c>block_size</c>, default 4 KiB).</summary>
    public int BlockSize { get; init; } = 4096;

    /// <summary>Capacity in bytes of the LRU block cache (<c>rocksdb_cache_create_lru</c>; default 8 MiB, the cache RocksDB 7.8 makes when given none; 0: no block cache).</summary>
    public long BlockCacheSize { get; init; } = 8L << 20;

    /// <summary>Block compression (<c>compression</c>, default Snappy).</summary>
    public RocksDbCompression Compression { get; init; } = RocksDbCompression.Snappy;

    /// <summary>Bits per key of a Bloom filter in every table (<c>rocksdb_filterpolicy_create_bloom</c>; default null: no filter).</summary>
    public int? BloomFilterBitsPerKey { get; init; }

    /// <summary>Files RocksDB keeps open (<c>max_open_files</c>, default -1: all of them).</summary>
    public int MaxOpenFiles { get; init; } = -1;

    /// <summary>Throws <see cref="ArgumentOutOfRangeException"/> naming the first option out of range.</summary>
    public void Validate()
    {
        LevelDbOptions.Check(WriteBufferSize, 64L << 10, long.MaxValue, nameof(WriteBufferSize));
        LevelDbOptions.Check(BlockSize, 1L << 10, 256L << 20, nameof(BlockSize));
        LevelDbOptions.Check(BlockCacheSize, 0, long.MaxValue, nameof(BlockCacheSize));
        if (MaxOpenFiles != -1)
        {
            LevelDbOptions.Check(MaxOpenFiles, 20, int.MaxValue, nameof(MaxOpenFiles));
        }

        if (!Enum.IsDefined(Compression))
        {
            throw new ArgumentOutOfRangeException(nameof(Compression), Compression, "RocksDB compresses with None, Snappy, Lz4 or Zstd here.");
        }

        if (BloomFilterBitsPerKey is { } bits)
        {
            LevelDbOptions.Check(bits, 1, 100, nameof(BloomFilterBitsPerKey));
        }
    }

    /// <summary>The options in one line, as a comparison prints them.</summary>
    public string Describe() => string.Join(", ",
        $"write buffer {LevelDbOptions.Size(WriteBufferSize)}",
        $"block {LevelDbOptions.Size(BlockSize)}",
        BlockCacheSize == 0 ? "no block cache" : $"block cache {LevelDbOptions.Size(BlockCacheSize)}",
        $"compression {Compression.ToString().ToLowerInvariant()}",
        BloomFilterBitsPerKey is { } bits ? $"bloom filter {bits} bits/key" : "no bloom filter",
        MaxOpenFiles == -1 ? "max open files unlimited" : $"max open files {MaxOpenFiles}",
        $"paranoid checks {(ParanoidChecks ? "on" : "off")}",
        $"verify checksums {(VerifyChecksums ? "on" : "off")}",
        "other options RocksDB 7.8's defaults");
}
