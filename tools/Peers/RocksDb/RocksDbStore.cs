using FromScratch.Peers.Native;
using static FromScratch.Peers.RocksDb.RocksDbNative;

namespace FromScratch.Peers.RocksDb;

/// <summary>
/// RocksDB (7.8, through its C API and P/Invoke) as an <see cref="Shared.KeyValue.IOrderedKeyValueStore"/>:
/// LevelDB's descendant, the second peer the curriculum's engines are compared with. Open one with
/// <see cref="Open"/>; <see cref="PeerStore"/> says how the calls map and which contract rules the
/// wrapper adds. Its write batches adopt <see cref="Shared.KeyValue.WriteBatch.Contents"/> as they are
/// (<c>rocksdb_writebatch_create_from</c>): RocksDB reads LevelDB's batch encoding. Needs the native
/// library: <see cref="IsAvailable"/> tells, and <see cref="Open"/> throws
/// <see cref="PeerLibraryNotFoundException"/> naming the package when it is missing. Thread-safe as
/// <see cref="PeerStore"/> says; one store per directory at a time (its LOCK file).
/// </summary>
public sealed class RocksDbStore : PeerStore
{
    private RocksDbStore(string directory, RocksDbOptions options, DatabaseHandle db)
        : base(RocksDbApi.Instance, directory, db, options.VerifyChecksums)
    {
        Options = options;
    }

    /// <summary>The native library (for its availability and install hint).</summary>
    public static PeerLibrary Library => PeerLibrary.RocksDb;

    /// <summary>Whether RocksDB's library is installed here.</summary>
    public static bool IsAvailable => Library.IsAvailable;

    /// <summary>The options the store was opened with.</summary>
    public RocksDbOptions Options { get; }

    /// <summary>Opens (or, with <see cref="RocksDbOptions.CreateIfMissing"/>, creates) the RocksDB database in <paramref name="directory"/>.</summary>
    /// <param name="directory">The database's directory; RocksDB creates it if missing.</param>
    /// <param name="options">The options; null for <see cref="RocksDbOptions.Default"/>.</param>
    /// <exception cref="PeerLibraryNotFoundException">RocksDB is not installed.</exception>
    /// <exception cref="ArgumentOutOfRangeException">An option is out of range.</exception>
    /// <exception cref="Shared.IO.FileLockedException">Another store (in this process or another) has the directory open.</exception>
    /// <exception cref="PeerCorruptionException">Recovery found damage.</exception>
    /// <exception cref="PeerException">RocksDB refused, e.g. a compression the library was built without.</exception>
    /// <exception cref="IOException">RocksDB could not read or write the directory.</exception>
    public static RocksDbStore Open(string directory, RocksDbOptions? options = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(directory);
        options ??= RocksDbOptions.Default;
        options.Validate();
        Library.ThrowIfUnavailable();
        var path = Path.GetFullPath(directory);

        // RocksDB copies what it needs out of these (the table options into a new table factory, the
        // cache as a shared_ptr), so all of them are destroyed right after the open.
        using var native = new NativeObjectHandle(OptionsCreate, OptionsDestroy);
        using var table = new NativeObjectHandle(BlockBasedOptionsCreate, BlockBasedOptionsDestroy);
        using var cache = options.BlockCacheSize > 0
            ? new NativeObjectHandle(() => CacheCreateLru((nuint)options.BlockCacheSize), CacheDestroy)
            : null;
        var o = native.Pointer;
        OptionsSetCreateIfMissing(o, options.CreateIfMissing ? (byte)1 : (byte)0);
        OptionsSetParanoidChecks(o, options.ParanoidChecks ? (byte)1 : (byte)0);
        OptionsSetWriteBufferSize(o, (nuint)options.WriteBufferSize);
        OptionsSetMaxOpenFiles(o, options.MaxOpenFiles);
        OptionsSetCompression(o, (int)options.Compression);
        BlockBasedOptionsSetBlockSize(table.Pointer, (nuint)options.BlockSize);
        if (cache is null)
        {
            BlockBasedOptionsSetNoBlockCache(table.Pointer, 1);
        }
        else
        {
            BlockBasedOptionsSetBlockCache(table.Pointer, cache.Pointer);
        }

        if (options.BloomFilterBitsPerKey is { } bits)
        {
            BlockBasedOptionsSetFilterPolicy(table.Pointer, FilterPolicyCreateBloom(bits));
        }

        OptionsSetBlockBasedTableFactory(o, table.Pointer);
        var db = OpenDatabase(RocksDbApi.Instance, path, native, options.VerifyChecksums);
        return new RocksDbStore(path, options, db);
    }
}
