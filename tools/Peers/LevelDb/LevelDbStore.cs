using FromScratch.Peers.Native;
using static FromScratch.Peers.LevelDb.LevelDbNative;

namespace FromScratch.Peers.LevelDb;

/// <summary>
/// LevelDB itself (1.23, through its C API and P/Invoke) as an <see cref="Shared.KeyValue.IOrderedKeyValueStore"/>:
/// the oracle the curriculum's LSM engine is measured and checked against. Open one with
/// <see cref="Open"/>; <see cref="PeerStore"/> says how the calls map and which contract rules the
/// wrapper adds. Needs the native library: <see cref="IsAvailable"/> tells, and <see cref="Open"/>
/// throws <see cref="PeerLibraryNotFoundException"/> naming the package when it is missing.
/// <code>
///   using var db = LevelDbStore.Open("/tmp/ldb", new LevelDbOptions { Compression = LevelDbCompression.None });
///   db.Put("k"u8, "v"u8);
///   using var it = db.NewIterator();
///   for (it.SeekToFirst(); it.Valid; it.Next()) { ... }
/// </code>
/// Thread-safe as <see cref="PeerStore"/> says. A directory is opened by one store at a time
/// (LevelDB's LOCK file): a second open throws <see cref="Shared.IO.FileLockedException"/>.
/// </summary>
public sealed class LevelDbStore : PeerStore
{
    private LevelDbStore(string directory, LevelDbOptions options, DatabaseHandle db)
        : base(LevelDbApi.Instance, directory, db, options.VerifyChecksums)
    {
        Options = options;
    }

    /// <summary>The native library (for its availability and install hint).</summary>
    public static PeerLibrary Library => PeerLibrary.LevelDb;

    /// <summary>Whether LevelDB's library is installed here.</summary>
    public static bool IsAvailable => Library.IsAvailable;

    /// <summary>The library's version, e.g. <c>1.23</c> (<c>leveldb_major_version</c>, <c>leveldb_minor_version</c>).</summary>
    /// <exception cref="PeerLibraryNotFoundException">LevelDB is not installed.</exception>
    public static string Version
    {
        get
        {
            Library.ThrowIfUnavailable();
            return $"{MajorVersion()}.{MinorVersion()}";
        }
    }

    /// <summary>The options the store was opened with.</summary>
    public LevelDbOptions Options { get; }

    /// <summary>Opens (or, with <see cref="LevelDbOptions.CreateIfMissing"/>, creates) the LevelDB database in <paramref name="directory"/>.</summary>
    /// <param name="directory">The database's directory; LevelDB creates it if missing (not its parent).</param>
    /// <param name="options">The options; null for <see cref="LevelDbOptions.Default"/>.</param>
    /// <exception cref="PeerLibraryNotFoundException">LevelDB is not installed.</exception>
    /// <exception cref="ArgumentOutOfRangeException">An option is outside the range LevelDB accepts.</exception>
    /// <exception cref="Shared.IO.FileLockedException">Another store (in this process or another) has the directory open.</exception>
    /// <exception cref="PeerCorruptionException">Recovery found damage (with <see cref="LevelDbOptions.ParanoidChecks"/>, any damage).</exception>
    /// <exception cref="PeerException">LevelDB refused, e.g. "Invalid argument: ...: does not exist (create_if_missing is false)".</exception>
    /// <exception cref="IOException">LevelDB could not read or write the directory.</exception>
    public static LevelDbStore Open(string directory, LevelDbOptions? options = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(directory);
        options ??= LevelDbOptions.Default;
        options.Validate();
        Library.ThrowIfUnavailable();
        var path = Path.GetFullPath(directory);

        using var native = new NativeObjectHandle(OptionsCreate, OptionsDestroy);
        // The cache and the filter policy must outlive the database (Options points to them): the
        // database handle holds them and destroys them after leveldb_close.
        using var cache = new NativeObjectHandle(() => CacheCreateLru((nuint)options.BlockCacheSize), CacheDestroy);
        using var filter = options.BloomFilterBitsPerKey is { } bits
            ? new NativeObjectHandle(() => FilterPolicyCreateBloom(bits), FilterPolicyDestroy)
            : null;
        var o = native.Pointer;
        OptionsSetCreateIfMissing(o, options.CreateIfMissing ? (byte)1 : (byte)0);
        OptionsSetParanoidChecks(o, options.ParanoidChecks ? (byte)1 : (byte)0);
        OptionsSetWriteBufferSize(o, (nuint)options.WriteBufferSize);
        OptionsSetBlockSize(o, (nuint)options.BlockSize);
        OptionsSetCache(o, cache.Pointer);
        OptionsSetCompression(o, (int)options.Compression);
        OptionsSetFilterPolicy(o, filter?.Pointer ?? IntPtr.Zero);
        OptionsSetMaxOpenFiles(o, options.MaxOpenFiles);
        OptionsSetMaxFileSize(o, (nuint)options.MaxFileSize);

        var db = OpenDatabase(LevelDbApi.Instance, path, native, options.VerifyChecksums, cache, filter);
        return new LevelDbStore(path, options, db);
    }
}
