using FromScratch.Peers.LevelDb;
using FromScratch.Peers.RocksDb;
using FromScratch.Shared.KeyValue;

namespace FromScratch.Peers.Comparison;

/// <summary>
/// An engine the comparison runs: a short name for the command line and the tables
/// (<c>bitcask</c>, <c>leveldb</c>, <c>rocksdb</c>), the options it runs with, in words (printed with
/// the results, so a table always says what was measured), and how to open it in a directory. An
/// engine whose library is not installed has an <see cref="UnavailableReason"/> and is skipped with it.
/// </summary>
/// <param name="Name">The engine's short name: lower case, no spaces.</param>
/// <param name="Description">The engine and its options, e.g. "LevelDB 1.23: write buffer 4 MiB, ...".</param>
/// <param name="Open">Opens (creating it) the engine's store in an existing, empty directory.</param>
public sealed record PeerEngine(string Name, string Description, Func<string, IKeyValueStore> Open)
{
    /// <summary>Why the engine cannot run here, or null when it can.</summary>
    public string? UnavailableReason { get; init; }

    /// <summary>
    /// LevelDB's options in a comparison: LevelDB's defaults (4 MiB write buffer, 8 MiB block cache,
    /// 4 KiB blocks, no Bloom filter, 1000 open files, no checksum verification on reads) with
    /// compression off, since the curriculum's engines do not compress.
    /// </summary>
    public static LevelDbOptions ComparisonLevelDbOptions { get; } = new() { Compression = LevelDbCompression.None };

    /// <summary>
    /// RocksDB's options in a comparison: LevelDB's write buffer (4 MiB) and block cache (8 MiB, also
    /// RocksDB 7.8's own default) and compression off; everything else RocksDB's defaults (checksums
    /// verified on reads, paranoid checks, two background jobs, unlimited open files).
    /// </summary>
    public static RocksDbOptions ComparisonRocksDbOptions { get; } = new()
    {
        Compression = RocksDbCompression.None,
        WriteBufferSize = 4L << 20,
        BlockCacheSize = 8L << 20,
    };

    /// <summary>LevelDB with <paramref name="options"/> (default <see cref="ComparisonLevelDbOptions"/>), or its reason for being unavailable.</summary>
    public static PeerEngine LevelDb(LevelDbOptions? options = null)
    {
        options ??= ComparisonLevelDbOptions;
        var version = LevelDbStore.IsAvailable ? $"LevelDB {LevelDbStore.Version} ({PeerLibrary.LevelDb.LoadedFrom})" : "LevelDB";
        return new PeerEngine("leveldb", $"{version}: {options.Describe()}", directory => LevelDbStore.Open(directory, options))
        {
            UnavailableReason = PeerLibrary.LevelDb.UnavailableReason,
        };
    }

    /// <summary>RocksDB with <paramref name="options"/> (default <see cref="ComparisonRocksDbOptions"/>), or its reason for being unavailable.</summary>
    public static PeerEngine RocksDb(RocksDbOptions? options = null)
    {
        options ??= ComparisonRocksDbOptions;
        var version = RocksDbStore.IsAvailable ? $"RocksDB ({PeerLibrary.RocksDb.LoadedFrom})" : "RocksDB";
        return new PeerEngine("rocksdb", $"{version}: {options.Describe()}", directory => RocksDbStore.Open(directory, options))
        {
            UnavailableReason = PeerLibrary.RocksDb.UnavailableReason,
        };
    }
}
