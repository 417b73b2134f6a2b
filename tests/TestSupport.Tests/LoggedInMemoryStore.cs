using System.Collections.Concurrent;
using FromScratch.Shared.Coding;
using FromScratch.Shared.FileSystems;
using FromScratch.Shared.KeyValue;
using FromScratch.TestSupport.KeyValue;

namespace FromScratch.TestSupport.Tests;

/// <summary>
/// The smallest honest durable store, to run the contract suite against: the model
/// <see cref="InMemoryKeyValueStore"/> in memory, and a redo log <c>store.log</c> in the directory
/// that recovery replays. One record per Put, Delete or batch (so a batch is atomic), framed as the
/// shared fixtures frame records (<see cref="ChecksummedRecord"/>), its payload the batch in
/// LevelDB's encoding (<see cref="WriteBatch.Contents"/>):
/// <code>
///   record  := length u32 LE | masked crc32c(payload) u32 LE | payload
///   payload := WriteBatch.Contents (sequence fixed64, count fixed32, records)
/// </code>
/// Recovery reads records until the first that is cut short or fails its checksum (a torn or
/// reordered tail after a crash), keeps the records before it, cuts the log there and syncs. A
/// synced write appends then fsyncs. Writes are serialised by a lock; reads, iterators and
/// snapshots go to the in-memory store (thread-safe), through <see cref="PlantedIterator"/> when an
/// iterator bug is planted.
/// </summary>
public sealed class LoggedInMemoryStore : IOrderedKeyValueStore
{
    private readonly InMemoryKeyValueStore _memory = new();
    private readonly ConcurrentDictionary<byte[], byte[]?> _staleCache = new(ByteArrayComparer.Instance);
    private readonly Lock _writeLock = new();
    private readonly IFileHandle _log;
    private readonly PlantedBug _bug;
    private bool _disposed;
    private Exception? _syncFailure;

    public LoggedInMemoryStore(IFileSystem fileSystem, string directory, PlantedBug bug = PlantedBug.None)
    {
        ArgumentNullException.ThrowIfNull(fileSystem);
        _bug = bug;
        var path = Path.Combine(directory, "store.log");
        if (!fileSystem.FileExists(path))
        {
            using (var created = fileSystem.OpenFile(path, FileOpenMode.CreateOrTruncate))
            {
                created.Sync();
            }

            fileSystem.SyncDirectory(directory);
        }

        _log = fileSystem.OpenFile(path, FileOpenMode.OpenExisting);
        try
        {
            Recover();
        }
        catch
        {
            _log.Dispose();
            throw;
        }
    }

    public IKeyComparator Comparator => _memory.Comparator;

    public byte[]? Get(ReadOnlySpan<byte> key)
    {
        if (_bug == PlantedBug.ReturnsStaleValue)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            return _staleCache.GetOrAdd(key.ToArray(), k => _memory.Get(k))?.ToArray();
        }

        return _memory.Get(key);
    }

    public byte[]? Get(ReadOnlySpan<byte> key, ReadOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        return options.Snapshot is not null && _bug == PlantedBug.SnapshotReadsLatest
            ? _memory.Get(key)
            : _memory.Get(key, options);
    }

    public IKeyValueIterator NewIterator(ReadOptions? options = null)
    {
        options ??= ReadOptions.Default;
        return _bug switch
        {
            PlantedBug.IteratorSeesLaterWrites when options.Snapshot is null => new PlantedIterator(() => _memory.NewIterator(), _bug),
            PlantedBug.SnapshotReadsLatest when options.Snapshot is not null => _memory.NewIterator(),
            PlantedBug.SeekSkipsEqualKey or PlantedBug.PrevAfterSeekStays or PlantedBug.SeekToLastStopsShort or PlantedBug.SignedByteOrder
                => new PlantedIterator(() => _memory.NewIterator(options), _bug),
            _ => _memory.NewIterator(options),
        };
    }

    public ISnapshot GetSnapshot() => _memory.GetSnapshot();

    public void Put(ReadOnlySpan<byte> key, ReadOnlySpan<byte> value, WriteOptions? options = null)
    {
        KeyValueArguments.ThrowIfInvalidKey(key);
        Write(new WriteBatch().Put(key, value), options);
    }

    public void Delete(ReadOnlySpan<byte> key, WriteOptions? options = null)
    {
        KeyValueArguments.ThrowIfInvalidKey(key);
        Write(new WriteBatch().Delete(key), options);
    }

    public void Write(WriteBatch batch, WriteOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(batch);
        lock (_writeLock)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            if (_syncFailure is not null)
            {
                throw new IOException("An earlier fsync of the log failed, so its unsynced writes may be lost; the store refuses writes until it is reopened.", _syncFailure);
            }

            if (batch.Count == 0)
            {
                return;
            }

            if (_bug == PlantedBug.IgnoresBatchAtomicity)
            {
                foreach (var operation in batch.Operations)
                {
                    _log.Append(Encode([operation]));
                }
            }
            else if (_bug == PlantedBug.LogsBatchOverwritesSeparately)
            {
                bool Overwrites(WriteBatchOperation o) => o.Value is not null && _memory.Get(o.Key.Span) is not null;
                var overwrites = batch.Operations.Where(Overwrites).ToList();
                var rest = batch.Operations.Where(o => !Overwrites(o)).ToList();
                _log.Append(Encode(rest));
                if (overwrites.Count > 0)
                {
                    _log.Append(Encode(overwrites));
                }
            }
            else
            {
                _log.Append(Encode(batch.Operations));
            }

            if (options?.Sync == true && _bug != PlantedBug.IgnoresSync)
            {
                try
                {
                    _log.Sync();
                }
                catch (IOException e) when (_bug != PlantedBug.CarriesOnAfterFailedSync)
                {
                    // Linux may have dropped the dirty pages: nothing written since the last good fsync can be trusted to reach the disk.
                    _syncFailure = e;
                    throw;
                }
            }

            _memory.Write(batch);
        }
    }

    public void Dispose()
    {
        lock (_writeLock)
        {
            if (_disposed)
            {
                return;
            }

            _disposed = true;
            _memory.Dispose();
            _log.Dispose();
        }
    }

    private static byte[] Encode(IEnumerable<WriteBatchOperation> operations)
    {
        var batch = new WriteBatch();
        foreach (var operation in operations)
        {
            _ = operation.Value is { } value ? batch.Put(operation.Key.Span, value.Span) : batch.Delete(operation.Key.Span);
        }

        return ChecksummedRecord.Encode(batch.Contents.Span);
    }

    private void Recover()
    {
        var log = new byte[_log.Length];
        log = log[.._log.Read(log, 0)];
        var offset = 0;
        while (TryDecode(log.AsSpan(offset), _bug, out var batch, out var size))
        {
            foreach (var operation in batch.Operations)
            {
                if (operation.IsDelete)
                {
                    if (_bug != PlantedBug.LosesDeletesOnReopen)
                    {
                        _memory.Delete(operation.Key.Span);
                    }
                }
                else
                {
                    _memory.Put(operation.Key.Span, operation.Value!.Value.Span);
                }
            }

            offset += size;
        }

        if (offset < log.Length && _bug != PlantedBug.KeepsTornTail)
        {
            _log.SetLength(offset);
            _log.Sync();
        }
    }

    private static bool TryDecode(ReadOnlySpan<byte> log, PlantedBug bug, out WriteBatch batch, out int size)
    {
        batch = new WriteBatch();
        var status = ChecksummedRecord.TryRead(log, out var payload, out size);
        if (status == ChecksummedRecord.ReadStatus.ChecksumMismatch && bug == PlantedBug.SkipsChecksums && log.Length >= ChecksummedRecord.HeaderSize)
        {
            // The planted bug: trust the length and take the payload whatever its checksum says.
            size = ChecksummedRecord.HeaderSize + (int)Fixed.Read32(log);
            payload = log[ChecksummedRecord.HeaderSize..size];
            status = ChecksummedRecord.ReadStatus.Ok;
        }

        if (status != ChecksummedRecord.ReadStatus.Ok)
        {
            size = 0;
            return false;
        }

        try
        {
            batch = WriteBatch.Decode(payload, "store.log");
        }
        catch (FromScratch.Shared.IO.CorruptionException) when (bug == PlantedBug.SkipsChecksums)
        {
            return false;   // garbage that does not even parse ends the log
        }

        return true;
    }
}
