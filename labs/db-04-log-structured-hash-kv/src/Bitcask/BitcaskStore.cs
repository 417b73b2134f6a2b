using System.Buffers;
using System.Diagnostics;
using FromScratch.Shared.FileSystems;
using FromScratch.Shared.IO;
using FromScratch.Shared.KeyValue;

namespace FromScratch.Bitcask;

/// <summary>
/// A Bitcask store (Sheehy and Smith, "Bitcask: A Log-Structured Hash Table for Fast Key/Value
/// Data", Basho, 2010): every write is appended to the active data file, an in-memory hash table
/// (the <see cref="KeyDirectory"/>) maps each live key to its newest record, and a read is one
/// hash lookup plus one positional read. Garbage (overwritten values, tombstones) stays in the
/// files until <see cref="Merge"/> rewrites the live records into new files.
/// <code>
///   directory/                          memory
///   ├── LOCK                            KeyDirectory: key -> (file, offset, size, seq)
///   ├── 000001.data  (closed)  ◄───┐        "apple"  -> (2, 0, 27, 41)
///   ├── 000002.data  (closed)  ◄───┼─────── "banana" -> (3, 112, 30, 57)
///   ├── 000002.hint                 │
///   └── 000003.data  (active) ◄────┘   writes append here; at MaxFileSize a new file starts
/// </code>
/// <para><b>Invariants.</b>
/// (1) The key directory holds exactly the keys whose newest record is a put, each pointing at
/// that record, which is in an open data file.
/// (2) Sequence numbers grow with every record written; of two records of one key the higher
/// sequence is newer, whichever file holds it (merge copies keep their sequence numbers).
/// (3) Only the active file is appended to; every other data file was synced before the next file
/// was created (rollover), or is a merge output synced before the merge committed.
/// (4) A record is in the key directory only after its bytes are in the file: a reader that finds
/// an entry can read it.
/// (5) <c>TotalBytes</c> is the sum of the data files' lengths; <c>LiveBytes</c> the sum of the
/// sizes the key directory points at.
/// (6) No byte is durable before it is appended: the durable position never passes the appended one.
/// In Debug builds <c>AssertInvariants</c> checks (1)-(6) at the entry and exit of the write lock's
/// regions (the key-directory scans only while it holds at most 4,096 keys, so that large tests stay fast).</para>
/// <para><b>Durability.</b> A write with <see cref="WriteOptions.Sync"/> is durable when it returns,
/// whatever the <see cref="SyncMode"/>; the mode decides what other writes get. After a crash the
/// store holds a prefix of the writes that includes every synced write, and a batch wholly or not
/// at all (recovery: see <c>StoreLoader</c>). A failed write or fsync makes the store refuse every
/// later write (reopen it): as db-02 explains, retrying an fsync after it failed proves nothing.</para>
/// <para><b>Thread-safety.</b> Every public member is thread-safe. Writes are serialised by a write
/// lock (appends are short; the group-commit fsync happens outside it); reads take the read side
/// of a reader-writer lock that guards the table of open files, so many readers proceed in
/// parallel with each other, with a writer and with a merge's copying; only a merge's switch-over
/// and a rollover take its write side, briefly. One merge runs at a time.</para>
/// <para>The type is split in three files: this one (open, reads, writes, rollover, dispose),
/// <c>BitcaskStore.Merge.cs</c> and <c>BitcaskStore.GroupCommit.cs</c>.</para>
/// </summary>
public sealed partial class BitcaskStore : IKeyValueStore
{
    // Lock order, outermost first: _mergeLock, _writeLock, _filesLock, _syncGate. A thread never
    // takes one of them while it holds one that comes later in this list.
    private readonly IFileSystem _fileSystem;
    private readonly IDisposable _directoryLock;
    private readonly KeyDirectory _keyDirectory;
    private readonly Lock _writeLock = new();
    private readonly Lock _mergeLock = new();
    private readonly ReaderWriterLockSlim _filesLock = new(LockRecursionPolicy.NoRecursion);
    private readonly Dictionary<int, DataFile> _files = [];
    private readonly object _syncGate = new();

    // Guarded by _writeLock.
    private DataFile _active;
    private DataFileWriter _activeWriter;
    private ulong _nextSequence;
    private int _nextFileId;
    private long _appendedBytes;     // logical position: bytes appended since open, across files
    private long _appendedWrites;
    private long _totalBytes;
    private long _liveBytes;
    private long _recordsWritten;
    private long _merges;
    private long _bytesReclaimed;
    private Exception? _poison;
    private volatile bool _disposed;

    private long _backgroundSyncAt;  // the appended position at which the next background sync starts (BytesPerSync)

    // Guarded by _syncGate.
    private long _durableBytes;      // every appended byte below this position is durable
    private long _durableWrites;
    private bool _syncing;
    private long _fsyncs;

    private BitcaskStore(IFileSystem fileSystem, string directory, BitcaskOptions options, IDisposable directoryLock, LoadedState state)
    {
        _fileSystem = fileSystem;
        Directory = directory;
        Options = options;
        _directoryLock = directoryLock;
        _keyDirectory = state.KeyDirectory;
        Recovery = state.Report;
        _nextSequence = state.NextSequence;
        _nextFileId = state.NextFileId;
        _totalBytes = state.TotalBytes;
        _liveBytes = state.LiveBytes;
        _backgroundSyncAt = BackgroundSyncs ? options.BytesPerSync : long.MaxValue;
        foreach (var file in state.Files)
        {
            _files.Add(file.Id, file);
        }

        if (state.Reusable is { } tail && tail.Handle.Length < options.MaxFileSize)
        {
            _active = tail;
            _activeWriter = OpenWriter(tail);
        }
        else
        {
            state.Reusable?.MapForReading(options);   // the full tail file is closed from now on
            (_active, _activeWriter) = CreateActiveFile();
        }
        BitcaskMetrics.RecordSpace(_keyDirectory.Count, _liveBytes, _totalBytes - _liveBytes);
    }

    /// <summary>The store's directory.</summary>
    public string Directory { get; }

    /// <summary>The options the store was opened with.</summary>
    public BitcaskOptions Options { get; }

    /// <summary>What recovery found and repaired when the store was opened.</summary>
    public RecoveryReport Recovery { get; }

    /// <summary>A snapshot of the store's size and counters.</summary>
    public BitcaskStatistics Statistics
    {
        get
        {
            long fsyncs;
            lock (_syncGate)
            {
                fsyncs = _fsyncs;
            }
            lock (_writeLock)
            {
                // The table of files changes only under _writeLock (and _filesLock's write side).
                var mapped = _files.Values.Count(f => f.IsMapped);
                return new BitcaskStatistics(
                    _keyDirectory.Count, _files.Count, _active.Id, _totalBytes, _liveBytes,
                    _recordsWritten, _appendedBytes, fsyncs, _merges, _bytesReclaimed, mapped);
            }
        }
    }

    /// <summary>Opens (recovering) or creates the store in <paramref name="directory"/> on <see cref="BitcaskOptions.FileSystem"/>.</summary>
    /// <param name="directory">The store's directory; created if missing.</param>
    /// <param name="options">Options; the defaults when null.</param>
    /// <exception cref="FileLockedException">Another store has the directory open (its <c>LOCK</c> file is held).</exception>
    /// <exception cref="CorruptionException">A merge manifest is corrupt, or <see cref="BitcaskOptions.ParanoidChecks"/> found damage.</exception>
    public static BitcaskStore Open(string directory, BitcaskOptions? options = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(directory);
        options ??= new BitcaskOptions();
        ArgumentNullException.ThrowIfNull(options.FileSystem, nameof(options));
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(options.MaxFileSize, nameof(options));
        ArgumentOutOfRangeException.ThrowIfGreaterThan(options.MaxFileSize, BitcaskOptions.MaxFileSizeLimit, nameof(options));
        ArgumentOutOfRangeException.ThrowIfNegative(options.BytesPerSync, nameof(options));
        if (!Enum.IsDefined(options.SyncMode))
        {
            throw new ArgumentOutOfRangeException(nameof(options), options.SyncMode, "Unknown SyncMode.");
        }

        var fileSystem = options.FileSystem;
        var fullPath = Path.GetFullPath(directory);
        if (!fileSystem.DirectoryExists(fullPath))
        {
            fileSystem.CreateDirectory(fullPath);
            if (Path.GetDirectoryName(fullPath) is { } parent)
            {
                fileSystem.SyncDirectory(parent);
            }
        }

        var directoryLock = fileSystem.Lock(Path.Combine(fullPath, DataFileNames.Lock));
        try
        {
            var state = StoreLoader.Load(fileSystem, fullPath, options);
            try
            {
                return new BitcaskStore(fileSystem, fullPath, options, directoryLock, state);
            }
            catch
            {
                foreach (var file in state.Files)
                {
                    file.Dispose();
                }
                throw;
            }
        }
        catch
        {
            directoryLock.Dispose();
            throw;
        }
    }

    /// <summary>Opens the store in <paramref name="directory"/> on <paramref name="fileSystem"/> (which replaces <see cref="BitcaskOptions.FileSystem"/>).</summary>
    public static BitcaskStore Open(IFileSystem fileSystem, string directory, BitcaskOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(fileSystem);
        return Open(directory, (options ?? new BitcaskOptions()) with { FileSystem = fileSystem });
    }

    /// <inheritdoc />
    /// <exception cref="CorruptionException">The key's record fails its checksum (it is never returned).</exception>
    public byte[]? Get(ReadOnlySpan<byte> key)
    {
        KeyValueArguments.ThrowIfInvalidKey(key);
        _filesLock.EnterReadLock();
        try
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            if (!_keyDirectory.TryGet(key, out var entry))
            {
                return null;
            }
            var file = _files[entry.FileId];
            return file.ReadValue(entry.Offset, entry.Size, key)
                ?? throw new CorruptionException(file.Path, entry.Offset, "the key directory points at a tombstone");
        }
        finally
        {
            _filesLock.ExitReadLock();
        }
    }

    /// <inheritdoc />
    public void Put(ReadOnlySpan<byte> key, ReadOnlySpan<byte> value, WriteOptions? options = null)
    {
        KeyValueArguments.ThrowIfInvalidKey(key);
        if (key.Length > DataFileWriter.MaxKeyLength || value.Length > DataFileWriter.MaxValueLength)
        {
            throw new ArgumentException($"Keys are at most {DataFileWriter.MaxKeyLength} bytes and values at most {DataFileWriter.MaxValueLength}; got {key.Length} and {value.Length}.");
        }

        var length = DataFileWriter.RecordLength(key.Length, value.Length);
        var buffer = ArrayPool<byte>.Shared.Rent(length);
        long position;
        try
        {
            lock (_writeLock)
            {
                ThrowIfUnusable();
                AssertInvariants();
                MakeRoom(length);
                var sequence = _nextSequence++;
                DataFileWriter.Encode(buffer, sequence, RecordKind.Put, key, value);
                var offset = AppendLocked(buffer.AsSpan(0, length), records: 1);
                var previous = _keyDirectory.Set(key, new KeyDirEntry(_active.Id, length, offset, sequence));
                AccountPut(length, previous);
                position = AfterAppendLocked();
                AssertInvariants();
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
        WaitIfNeeded(options, position);
    }

    /// <inheritdoc />
    public void Delete(ReadOnlySpan<byte> key, WriteOptions? options = null)
    {
        KeyValueArguments.ThrowIfInvalidKey(key);
        if (key.Length > DataFileWriter.MaxKeyLength)
        {
            throw new ArgumentException($"Keys are at most {DataFileWriter.MaxKeyLength} bytes; got {key.Length}.", nameof(key));
        }

        var length = DataFileWriter.RecordLength(key.Length, 0);
        long position;
        lock (_writeLock)
        {
            ThrowIfUnusable();
            AssertInvariants();
            if (!_keyDirectory.TryGet(key, out _))
            {
                // No live record to shadow: nothing to write. A synced delete still waits for every
                // earlier write, so that an earlier unsynced delete of the key becomes durable too.
                position = _appendedBytes;
            }
            else
            {
                MakeRoom(length);
                var buffer = ArrayPool<byte>.Shared.Rent(length);
                try
                {
                    var sequence = _nextSequence++;
                    DataFileWriter.Encode(buffer, sequence, RecordKind.Delete, key, []);
                    AppendLocked(buffer.AsSpan(0, length), records: 1);
                }
                finally
                {
                    ArrayPool<byte>.Shared.Return(buffer);
                }
                var previous = _keyDirectory.Remove(key);
                AccountDelete(previous);
                position = AfterAppendLocked();
                AssertInvariants();
            }
        }
        WaitIfNeeded(options, position);
    }

    /// <inheritdoc />
    /// <remarks>The batch is appended in one write, its records flagged so that recovery applies it
    /// only if its last record is intact. A delete in a batch always writes a tombstone.</remarks>
    public void Write(WriteBatch batch, WriteOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(batch);
        var operations = batch.Operations;
        long position;
        if (operations.Count == 0)
        {
            lock (_writeLock)
            {
                ThrowIfUnusable();
                position = _appendedBytes;
            }
            WaitIfNeeded(options, position);
            return;
        }

        var lengths = new int[operations.Count];
        long total = 0;
        for (var i = 0; i < operations.Count; i++)
        {
            var op = operations[i];
            var valueLength = op.Value?.Length ?? 0;
            if (op.Key.Length > DataFileWriter.MaxKeyLength || valueLength > DataFileWriter.MaxValueLength)
            {
                throw new ArgumentException($"Batch operation {i}: keys are at most {DataFileWriter.MaxKeyLength} bytes and values at most {DataFileWriter.MaxValueLength}.", nameof(batch));
            }
            lengths[i] = DataFileWriter.RecordLength(op.Key.Length, valueLength);
            total += lengths[i];
        }
        if (total > Array.MaxLength)
        {
            throw new ArgumentException($"The batch encodes to {total} bytes, more than one write can hold.", nameof(batch));
        }

        var buffer = ArrayPool<byte>.Shared.Rent((int)total);
        try
        {
            lock (_writeLock)
            {
                ThrowIfUnusable();
                AssertInvariants();
                MakeRoom(total);
                var firstSequence = _nextSequence;
                var at = 0;
                for (var i = 0; i < operations.Count; i++)
                {
                    var op = operations[i];
                    var kind = op.IsDelete ? RecordKind.Delete : RecordKind.Put;
                    at += DataFileWriter.Encode(buffer.AsSpan(at), firstSequence + (ulong)i, kind, op.Key.Span, op.Value is { } value ? value.Span : default, batchContinues: i < operations.Count - 1);
                }
                _nextSequence += (ulong)operations.Count;
                var offset = AppendLocked(buffer.AsSpan(0, at), operations.Count);
                for (var i = 0; i < operations.Count; i++)
                {
                    var op = operations[i];
                    if (op.IsDelete)
                    {
                        AccountDelete(_keyDirectory.Remove(op.Key.Span));
                    }
                    else
                    {
                        var entry = new KeyDirEntry(_active.Id, lengths[i], offset, firstSequence + (ulong)i);
                        AccountPut(lengths[i], _keyDirectory.Set(op.Key.Span, entry));
                    }
                    offset += lengths[i];
                }
                position = AfterAppendLocked();
                AssertInvariants();
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
        WaitIfNeeded(options, position);
    }

    /// <summary>
    /// Waits for a running merge, syncs the active file (so a clean shutdown loses nothing), closes
    /// every file and releases the <c>LOCK</c>. Idempotent. If the sync fails (the disk, or a
    /// simulated power loss), the files are closed and the lock released anyway, and the error is thrown.
    /// </summary>
    public void Dispose()
    {
        lock (_mergeLock)
        {
            lock (_writeLock)
            {
                if (_disposed)
                {
                    return;
                }

                _filesLock.EnterWriteLock();
                try
                {
                    _disposed = true;
                    if (_poison is null)
                    {
                        try
                        {
                            if (_activeWriter.IsMapped)
                            {
                                _activeWriter.Sync();        // the records (see RolloverLocked)
                                StopMappingActiveLocked();
                            }
                            _activeWriter.Sync();
                        }
                        catch (Exception e)
                        {
                            _poison = e;   // writers still waiting for durability must not be told "durable"
                            throw;
                        }
                        MarkDurable(_appendedBytes, _appendedWrites, countFsync: true);
                    }
                }
                finally
                {
                    foreach (var file in _files.Values)
                    {
                        file.Dispose();
                    }
                    _directoryLock.Dispose();
                    BitcaskMetrics.RecordSpace(-_keyDirectory.Count, -_liveBytes, -(_totalBytes - _liveBytes));
                    _filesLock.ExitWriteLock();
                    lock (_syncGate)
                    {
                        Monitor.PulseAll(_syncGate);
                    }
                }
            }
        }
    }

    // ----- write path helpers (all *Locked methods run under _writeLock) --------------------------

    private void ThrowIfUnusable()
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (_poison is not null)
        {
            throw new IOException(
                $"The store in {Directory} refuses writes after an earlier write or fsync failure ({_poison.Message}). " +
                "Retrying could acknowledge data the kernel has already dropped; reopen the store to recover from what is on disk.", _poison);
        }
    }

    private void Poison(Exception failure)
    {
        lock (_writeLock)
        {
            _poison ??= failure;
        }
        lock (_syncGate)
        {
            Monitor.PulseAll(_syncGate);
        }
    }

    private void MakeRoom(long length)
    {
        if (_activeWriter.Length > 0 && _activeWriter.Length + length > Options.MaxFileSize)
        {
            RolloverLocked();
        }
    }

    private long AppendLocked(ReadOnlySpan<byte> encoded, int records)
    {
        try
        {
            var offset = _activeWriter.AppendEncoded(encoded);
            _appendedBytes += encoded.Length;
            _appendedWrites++;
            _totalBytes += encoded.Length;
            _recordsWritten += records;
            BitcaskMetrics.RecordWrite(records, encoded.Length);
            BitcaskMetrics.RecordSpace(0, 0, encoded.Length);
            return offset;
        }
        catch (Exception e)
        {
            _poison ??= e;
            throw;
        }
    }

    private void AccountPut(int length, KeyDirEntry? previous)
    {
        var freed = previous?.Size ?? 0;
        _liveBytes += length - freed;
        BitcaskMetrics.RecordSpace(previous is null ? 1 : 0, length - freed, -(length - freed));
    }

    // The tombstone itself is garbage from the start: AppendLocked counted it in the total, not here.
    private void AccountDelete(KeyDirEntry? previous)
    {
        if (previous is { } old)
        {
            _liveBytes -= old.Size;
            BitcaskMetrics.RecordSpace(-1, -old.Size, old.Size);
        }
    }

    // After a write's append: in Always mode, sync now (under the lock: one fsync per write).
    private long AfterAppendLocked()
    {
        if (Options.SyncMode == SyncMode.Always)
        {
            SyncActiveLocked();
        }
        else if (_appendedBytes >= _backgroundSyncAt)
        {
            StartBackgroundSyncLocked();
        }
        return _appendedBytes;
    }

    private void SyncActiveLocked()
    {
        try
        {
            _activeWriter.Sync();
        }
        catch (Exception e)
        {
            _poison ??= e;
            throw;
        }
        MarkDurable(_appendedBytes, _appendedWrites, countFsync: true);
    }

    private void RolloverLocked()
    {
        if (_activeWriter.IsMapped)
        {
            // Sync first, while readers still read the map: the slow part, writing the records back.
            // Disposing a writable map flushes it (msync), which then finds nothing left to write.
            SyncActiveLocked();
            _filesLock.EnterWriteLock();   // no reader is in the map, no group-commit leader in Sync
            try
            {
                StopMappingActiveLocked();
            }
            finally
            {
                _filesLock.ExitWriteLock();
            }
        }
        SyncActiveLocked();                   // the records, or (after the map) the file's length cut to them
        _active.MapForReading(Options);       // closed for good: reads use a read-only map of it
        BitcaskMetrics.RecordRollover();
        var (file, writer) = CreateActiveFile();
        _active = file;
        _activeWriter = writer;
    }

    // The active file's writer: through a writable map of the file extended to MaxFileSize when the
    // store maps files (DataFileWriter's comment), with a pwrite per record otherwise.
    private DataFileWriter OpenWriter(DataFile file)
    {
        var length = file.Handle.Length;
        if (Options.MapsFiles && length < Options.MaxFileSize)
        {
            file.Handle.SetLength(Options.MaxFileSize);   // a hole: the map's capacity, no disk blocks yet
            if (file.MapForAppending(Options.MaxFileSize) is { } map)
            {
                return new DataFileWriter(file.Handle, length, map);
            }
        }
        return new DataFileWriter(file.Handle);
    }

    // Ends appending through the map: the writer uses the handle, the map is disposed, and the file
    // is cut to its records (after the unmap: Windows cannot shorten a mapped file). Under _writeLock
    // and _filesLock's write side (a reader or a group-commit leader could be using the map). The
    // caller syncs next, which makes the length durable with the records.
    private void StopMappingActiveLocked()
    {
        Debug.Assert(_writeLock.IsHeldByCurrentThread && _filesLock.IsWriteLockHeld, "StopMappingActiveLocked requires _writeLock and _filesLock's write side");
        _activeWriter.StopMapping();
        _active.Unmap();
        try
        {
            _active.Handle.SetLength(_activeWriter.Length);
        }
        catch (Exception e)
        {
            _poison ??= e;
            throw;
        }
    }

    // Creates the next data file, makes its name durable, and adds it to the table of files.
    private (DataFile File, DataFileWriter Writer) CreateActiveFile()
    {
        var id = AllocateFileId();
        IFileHandle? handle = null;
        try
        {
            handle = _fileSystem.OpenFile(DataFileNames.Data(Directory, id), FileOpenMode.CreateNew);
            _fileSystem.SyncDirectory(Directory);
        }
        catch (Exception e)
        {
            handle?.Dispose();
            _poison ??= e;
            throw;
        }

        var file = new DataFile(id, handle, hasHint: false);
        DataFileWriter writer;
        try
        {
            writer = OpenWriter(file);
        }
        catch (Exception e)
        {
            file.Dispose();
            _poison ??= e;
            throw;
        }
        _filesLock.EnterWriteLock();
        try
        {
            _files.Add(id, file);
        }
        finally
        {
            _filesLock.ExitWriteLock();
        }
        return (file, writer);
    }

    private int AllocateFileId() => Interlocked.Increment(ref _nextFileId) - 1;

    /// <summary>
    /// The invariants of the type's header that memory can show, checked in Debug builds under the
    /// write lock (not under _filesLock, which this takes for reading). Skipped once the store is
    /// poisoned or disposed: the files may then hold a failed write's bytes.
    /// </summary>
    [Conditional("DEBUG")]
    private void AssertInvariants()
    {
        Debug.Assert(_writeLock.IsHeldByCurrentThread, "AssertInvariants requires _writeLock");
        Debug.Assert(!_filesLock.IsReadLockHeld && !_filesLock.IsWriteLockHeld, "lock order: _filesLock comes after _writeLock");
        if (_poison is not null || _disposed)
        {
            return;
        }

        _filesLock.EnterReadLock();
        try
        {
            Debug.Assert(_files.TryGetValue(_active.Id, out var active) && active == _active, "(3) the active file is in the table of open files");
            Debug.Assert(_activeWriter.IsMapped ? _activeWriter.Length <= _active.Handle.Length : _activeWriter.Length == _active.Handle.Length,
                "(3) only the active writer appends to the active file (through a map, the file is longer: the reserved space)");
            Debug.Assert(_files.Values.Sum(f => f == _active ? _activeWriter.Length : f.Handle.Length) == _totalBytes, "(5) TotalBytes is the sum of the data files' lengths");
            Debug.Assert(_liveBytes >= 0 && _liveBytes <= _totalBytes, "(5) the live bytes are a part of the total");
            if (_keyDirectory.Count <= 4096)
            {
                long live = 0;
                foreach (var entry in _keyDirectory.Values())
                {
                    live += entry.Size;
                    Debug.Assert(_files.TryGetValue(entry.FileId, out var file), "(1) every entry points into an open data file");
                    Debug.Assert(entry.Offset + entry.Size <= file!.Handle.Length, "(4) an entry's record is in its file");
                    Debug.Assert(entry.Sequence < _nextSequence, "(2) every sequence number written is below the next one");
                }

                Debug.Assert(live == _liveBytes, "(5) LiveBytes is the sum of the sizes the key directory points at");
            }
        }
        catch (IOException)
        {
            // A file's length could not be read (a simulated power loss): the store will find out on its own.
        }
        finally
        {
            _filesLock.ExitReadLock();
        }

        lock (_syncGate)
        {
            Debug.Assert(_durableBytes <= _appendedBytes, "(6) the durable position never passes the appended one");
        }
    }
}
