using FromScratch.Peers.Native;
using FromScratch.Shared.KeyValue;

namespace FromScratch.Peers;

/// <summary>
/// A real engine with LevelDB's C API (LevelDB itself, RocksDB) as an <see cref="IOrderedKeyValueStore"/>:
/// the logic both wrappers share, over <see cref="NativeApi"/>. <see cref="LevelDb.LevelDbStore"/> and
/// <see cref="RocksDb.RocksDbStore"/> add how to open one with typed options.
/// <code>
///   store call                      native call (LevelDB's names; RocksDB's are rocksdb_...)
///   Put / Delete (WriteOptions)  -&gt; leveldb_put / leveldb_delete, write options with sync = WriteOptions.Sync
///   Write(WriteBatch)            -&gt; leveldb_writebatch_* from the batch, then leveldb_write
///   Get(key, ReadOptions)        -&gt; leveldb_get (a malloc'ed copy: copied into a byte[], then freed)
///   NewIterator(ReadOptions)     -&gt; leveldb_create_iterator, wrapped as an IKeyValueIterator
///   GetSnapshot()                -&gt; leveldb_create_snapshot; ISnapshot.Dispose -&gt; leveldb_release_snapshot
///   ReadOptions { Snapshot, VerifyChecksums, FillCache } -&gt; leveldb_readoptions_set_*
///   a status in char** errptr    -&gt; NativeStatus: PeerCorruptionException, IOException, PeerException
/// </code>
/// The contract's rules, kept in front of the engine (which would crash the process instead):
/// <list type="bullet">
/// <item>an empty key is an <see cref="ArgumentException"/>; a snapshot of another store an
/// <see cref="ArgumentException"/>; a released one an <see cref="ObjectDisposedException"/>;</item>
/// <item>every call on a disposed store throws <see cref="ObjectDisposedException"/>;</item>
/// <item>an iterator's Key, Value, Next and Prev throw <see cref="InvalidOperationException"/> when
/// it is not valid (LevelDB asserts, or reads freed memory in a release build);</item>
/// <item>iterators and snapshots belong to the contract's "dispose before the store": the store
/// keeps track of the open ones, and <see cref="Dispose"/> closes them first (later use throws
/// <see cref="ObjectDisposedException"/>), then the database. Their <see cref="NativeHandle"/>s hold
/// the database open until each is destroyed, so no order of disposal frees memory in use.</item>
/// </list>
/// Iterators see the store as it was when they were created (LevelDB's iterators take an implicit
/// snapshot). The engines work on the real file system only (their own I/O, not
/// <c>IFileSystem</c>); the directory is created if missing when the options say so (its parent
/// must exist).
/// <para>
/// Thread-safety: every member of the store is thread-safe (LevelDB's and RocksDB's <c>DB</c> are);
/// an iterator is used by one thread at a time; <see cref="Dispose"/> is idempotent. Disposing the
/// store while another thread still reads an iterator's Key or Value span is a race the wrapper
/// cannot guard (the span points into the iterator): dispose iterators first, as the contract says.
/// </para>
/// </summary>
public abstract class PeerStore : IOrderedKeyValueStore
{
    private readonly NativeApi _api;
    private readonly DatabaseHandle _db;
    private readonly bool _verifyChecksums;
    private readonly Lock _liveLock = new();
    private readonly HashSet<IStoreOwned> _live = [];
    private volatile bool _disposed;

    private protected PeerStore(NativeApi api, string directory, DatabaseHandle db, bool verifyChecksums)
    {
        _api = api;
        _db = db;
        _verifyChecksums = verifyChecksums;
        Directory = directory;
    }

    /// <summary>The store's directory (absolute).</summary>
    public string Directory { get; }

    /// <summary>The engine's name: <c>LevelDB</c> or <c>RocksDB</c>.</summary>
    public string EngineName => _api.EngineName;

    /// <summary>LevelDB's (and RocksDB's) default order, <c>leveldb.BytewiseComparator</c>.</summary>
    public IKeyComparator Comparator => BytewiseComparator.Instance;

    /// <inheritdoc/>
    public byte[]? Get(ReadOnlySpan<byte> key) => Get(key, ReadOptions.Default);

    /// <inheritdoc/>
    /// <exception cref="ArgumentException"><paramref name="key"/> is empty, or the snapshot is another store's.</exception>
    /// <exception cref="ObjectDisposedException">The store or the snapshot is disposed.</exception>
    /// <exception cref="Shared.IO.CorruptionException">The engine found the data damaged (<see cref="PeerCorruptionException"/>).</exception>
    /// <exception cref="IOException">The engine failed to read.</exception>
    public byte[]? Get(ReadOnlySpan<byte> key, ReadOptions options)
    {
        KeyValueArguments.ThrowIfInvalidKey(key);
        ArgumentNullException.ThrowIfNull(options);
        ThrowIfDisposed();
        using var read = BeginRead(options, ownOptions: false);
        var error = IntPtr.Zero;
        var value = _api.Get(_db, read.Pointer, key, (nuint)key.Length, out var length, ref error);
        _api.ThrowIfError(ref error, Directory);
        // NULL without an error: not found. A found empty value is malloc(0), which glibc, macOS and
        // the Windows CRT all return as a non-NULL pointer, so it is told apart from "not found".
        if (value == IntPtr.Zero)
        {
            return null;
        }

        try
        {
            return NativeBytes.Span(value, length).ToArray();
        }
        finally
        {
            _api.Free(value);
        }
    }

    /// <inheritdoc/>
    /// <exception cref="ArgumentException"><paramref name="key"/> is empty.</exception>
    /// <exception cref="ObjectDisposedException">The store is disposed.</exception>
    /// <exception cref="IOException">The engine failed to write (or to sync a synced write).</exception>
    public void Put(ReadOnlySpan<byte> key, ReadOnlySpan<byte> value, WriteOptions? options = null)
    {
        KeyValueArguments.ThrowIfInvalidKey(key);
        ThrowIfDisposed();
        var error = IntPtr.Zero;
        _api.Put(_db, WriteOptionsFor(options), key, (nuint)key.Length, NativeBytes.NonNull(value), (nuint)value.Length, ref error);
        _api.ThrowIfError(ref error, Directory);
    }

    /// <inheritdoc/>
    /// <exception cref="ArgumentException"><paramref name="key"/> is empty.</exception>
    /// <exception cref="ObjectDisposedException">The store is disposed.</exception>
    /// <exception cref="IOException">The engine failed to write.</exception>
    public void Delete(ReadOnlySpan<byte> key, WriteOptions? options = null)
    {
        KeyValueArguments.ThrowIfInvalidKey(key);
        ThrowIfDisposed();
        var error = IntPtr.Zero;
        _api.Delete(_db, WriteOptionsFor(options), key, (nuint)key.Length, ref error);
        _api.ThrowIfError(ref error, Directory);
    }

    /// <inheritdoc/>
    /// <exception cref="ObjectDisposedException">The store is disposed.</exception>
    /// <exception cref="IOException">The engine failed to write.</exception>
    public void Write(WriteBatch batch, WriteOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(batch);
        ThrowIfDisposed();
        using var native = new NativeObjectHandle(() => _api.CreateWriteBatch(batch), _api.WriteBatchDestroy);
        var error = IntPtr.Zero;
        _api.Write(_db, WriteOptionsFor(options), native, ref error);
        _api.ThrowIfError(ref error, Directory);
    }

    /// <inheritdoc/>
    /// <exception cref="ArgumentException">The snapshot is another store's.</exception>
    /// <exception cref="ObjectDisposedException">The store or the snapshot is disposed.</exception>
    public IKeyValueIterator NewIterator(ReadOptions? options = null)
    {
        options ??= ReadOptions.Default;
        ThrowIfDisposed();
        // The iterator keeps its own read options (and the snapshot) alive until it is destroyed.
        using var read = BeginRead(options, ownOptions: true);
        var iterator = new PeerIterator(this, _api, new IteratorHandle(_api, _db, read.Owned!, read.Snapshot));
        Track(iterator);
        return iterator;
    }

    /// <inheritdoc/>
    /// <exception cref="ObjectDisposedException">The store is disposed.</exception>
    public ISnapshot GetSnapshot()
    {
        ThrowIfDisposed();
        var snapshot = new PeerSnapshot(this, new SnapshotHandle(_api, _db));
        Track(snapshot);
        return snapshot;
    }

    /// <summary>
    /// The engine's value of a property (LevelDB's <c>DB::GetProperty</c>), or null if the engine does
    /// not know the name: <c>leveldb.stats</c>, <c>leveldb.sstables</c>, <c>leveldb.num-files-at-level0</c>,
    /// <c>leveldb.approximate-memory-usage</c>; RocksDB's <c>rocksdb.stats</c>,
    /// <c>rocksdb.block-cache-usage</c>, <c>rocksdb.estimate-num-keys</c>, ...
    /// </summary>
    /// <exception cref="ObjectDisposedException">The store is disposed.</exception>
    public string? GetProperty(string name)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        ThrowIfDisposed();
        var value = _api.PropertyValue(_db, name);
        if (value == IntPtr.Zero)
        {
            return null;
        }

        try
        {
            return System.Runtime.InteropServices.Marshal.PtrToStringUTF8(value);
        }
        finally
        {
            _api.Free(value);
        }
    }

    /// <summary>
    /// Closes the iterators and snapshots still open (their later use throws
    /// <see cref="ObjectDisposedException"/>), then the database. Idempotent and thread-safe.
    /// </summary>
    public void Dispose()
    {
        List<IStoreOwned> live;
        lock (_liveLock)
        {
            if (_disposed)
            {
                return;
            }

            _disposed = true;
            live = [.. _live];
            _live.Clear();
        }

        foreach (var owned in live)
        {
            owned.CloseWithStore();
        }

        _db.Dispose();
        GC.SuppressFinalize(this);
    }

    /// <inheritdoc/>
    public override string ToString() => $"{EngineName} store at {Directory}";

    /// <summary>
    /// Opens the database in <paramref name="directory"/> with the engine <paramref name="options"/>
    /// (which the engine copies, so the caller disposes them), creating the read and write options
    /// every call without a snapshot reuses; <paramref name="engineObjects"/> are what the options
    /// point to and the database needs until it is closed.
    /// </summary>
    /// <exception cref="PeerCorruptionException">Recovery found damage the options do not let the engine skip.</exception>
    /// <exception cref="IOException">The directory cannot be opened or is locked (<see cref="Shared.IO.FileLockedException"/>).</exception>
    /// <exception cref="PeerException">The engine refused the options, e.g. a missing store without create-if-missing.</exception>
    private protected static DatabaseHandle OpenDatabase(NativeApi api, string directory, NativeObjectHandle options, bool verifyChecksums, params ReadOnlySpan<NativeObjectHandle?> engineObjects)
    {
        using var readOptions = new NativeObjectHandle(api.ReadOptionsCreate, api.ReadOptionsDestroy);
        api.ReadOptionsSetVerifyChecksums(readOptions.Pointer, verifyChecksums);
        using var writeOptions = new NativeObjectHandle(api.WriteOptionsCreate, api.WriteOptionsDestroy);
        using var syncWriteOptions = new NativeObjectHandle(api.WriteOptionsCreate, api.WriteOptionsDestroy);
        api.WriteOptionsSetSync(syncWriteOptions.Pointer, true);
        var error = IntPtr.Zero;
        var db = new DatabaseHandle(api, () => api.Open(options.Pointer, directory, ref error), readOptions, writeOptions, syncWriteOptions, engineObjects);
        var status = api.TakeError(ref error);
        if (db.IsInvalid || status is not null)
        {
            db.Dispose();
            throw NativeStatus.ToException(api.EngineName, directory, status ?? "Unknown: the open returned no database and no error");
        }

        return db;
    }

    internal void Untrack(IStoreOwned owned)
    {
        lock (_liveLock)
        {
            _live.Remove(owned);
        }
    }

    private void Track(IStoreOwned owned)
    {
        lock (_liveLock)
        {
            if (!_disposed)
            {
                _live.Add(owned);
                return;
            }
        }

        // The store was disposed between the check and now: close what was just made.
        owned.CloseWithStore();
        ThrowIfDisposed();
    }

    private IntPtr WriteOptionsFor(WriteOptions? options) => options?.Sync == true ? _db.SyncWriteOptions : _db.WriteOptions;

    /// <summary>
    /// The native read options for <paramref name="options"/>: the store's shared default ones when
    /// they match and the caller does not need its own, else new ones (with the snapshot, whose handle
    /// is held until the returned value is disposed).
    /// </summary>
    private NativeRead BeginRead(ReadOptions options, bool ownOptions)
    {
        var snapshot = SnapshotOf(options);
        var verify = options.VerifyChecksums || _verifyChecksums;
        if (!ownOptions && snapshot is null && options.FillCache && verify == _verifyChecksums)
        {
            return new NativeRead(_db.DefaultReadOptions, null, null);
        }

        var held = false;
        try
        {
            // Throws ObjectDisposedException if the snapshot was released meanwhile.
            snapshot?.DangerousAddRef(ref held);
            var native = new NativeObjectHandle(_api.ReadOptionsCreate, _api.ReadOptionsDestroy);
            _api.ReadOptionsSetVerifyChecksums(native.Pointer, verify);
            _api.ReadOptionsSetFillCache(native.Pointer, options.FillCache);
            if (snapshot is not null)
            {
                _api.ReadOptionsSetSnapshot(native.Pointer, snapshot.Pointer);
            }

            return new NativeRead(native.Pointer, native, held ? snapshot : null);
        }
        catch
        {
            if (held)
            {
                snapshot!.DangerousRelease();
            }

            throw;
        }
    }

    private SnapshotHandle? SnapshotOf(ReadOptions options)
    {
        if (options.Snapshot is null)
        {
            return null;
        }

        if (options.Snapshot is not PeerSnapshot snapshot || !ReferenceEquals(snapshot.Owner, this))
        {
            throw new ArgumentException($"The snapshot was not taken from this store ({this}).", nameof(options));
        }

        return snapshot.Handle;
    }

    private void ThrowIfDisposed() => ObjectDisposedException.ThrowIf(_disposed, this);

    /// <summary>Read options for one read: the pointer to pass, and what to let go afterwards.</summary>
    private readonly struct NativeRead(IntPtr pointer, NativeObjectHandle? owned, SnapshotHandle? snapshot) : IDisposable
    {
        public IntPtr Pointer { get; } = pointer;

        public NativeObjectHandle? Owned { get; } = owned;

        public SnapshotHandle? Snapshot { get; } = snapshot;

        public void Dispose()
        {
            Owned?.Dispose();
            Snapshot?.DangerousRelease();
        }
    }
}
