using System.Buffers.Binary;
using System.Collections.Concurrent;
using FromScratch.Shared.Checksums;
using FromScratch.Shared.FileSystems;
using FromScratch.Shared.KeyValue;
using FromScratch.TestSupport.KeyValue;

namespace FromScratch.TestSupport.Tests;

/// <summary>
/// The smallest honest durable store, to run the contract suite against: the model
/// <see cref="InMemoryKeyValueStore"/> in memory, and a redo log <c>store.log</c> in the directory
/// that recovery replays. One record per Put, Delete or batch (so a batch is atomic):
/// <code>
///   record  := crc32c(payload) u32 LE | payload length u32 LE | payload
///   payload := count u32 LE | op*count
///   op      := kind u8 (1 put, 0 delete) | key length u32 LE | key | [value length u32 LE | value]  (put only)
/// </code>
/// Recovery reads records until the first that is cut short, has a zero length or fails its
/// checksum (a torn or reordered tail after a crash), keeps the records before it, cuts the log there
/// and syncs. A synced write appends then fsyncs. Writes are serialised by a lock; reads go to the
/// in-memory store (thread-safe).
/// </summary>
public sealed class LoggedInMemoryStore : IOrderedKeyValueStore
{
    private const int HeaderSize = 8;
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

    public byte[]? Get(ReadOnlySpan<byte> key)
    {
        if (_bug == PlantedBug.ReturnsStaleValue)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            return _staleCache.GetOrAdd(key.ToArray(), k => _memory.Get(k))?.ToArray();
        }

        return _memory.Get(key);
    }

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

    public IEnumerable<KeyValuePair<byte[], byte[]>> Scan(ReadOnlyMemory<byte> start, ReadOnlyMemory<byte> end) =>
        _memory.Scan(start, end);

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

    private static byte[] Encode(IReadOnlyList<WriteBatchOperation> operations)
    {
        var payloadLength = 4 + operations.Sum(o => 1 + 4 + o.Key.Length + (o.Value is { } v ? 4 + v.Length : 0));
        var record = new byte[HeaderSize + payloadLength];
        var payload = record.AsSpan(HeaderSize);
        BinaryPrimitives.WriteInt32LittleEndian(payload, operations.Count);
        var at = 4;
        foreach (var operation in operations)
        {
            payload[at++] = operation.IsDelete ? (byte)0 : (byte)1;
            at += WriteBytes(payload[at..], operation.Key.Span);
            if (operation.Value is { } value)
            {
                at += WriteBytes(payload[at..], value.Span);
            }
        }

        BinaryPrimitives.WriteUInt32LittleEndian(record, Crc32C.Compute(payload));
        BinaryPrimitives.WriteInt32LittleEndian(record.AsSpan(4), payloadLength);
        return record;
    }

    private static int WriteBytes(Span<byte> destination, ReadOnlySpan<byte> bytes)
    {
        BinaryPrimitives.WriteInt32LittleEndian(destination, bytes.Length);
        bytes.CopyTo(destination[4..]);
        return 4 + bytes.Length;
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
        size = 0;
        if (log.Length < HeaderSize)
        {
            return false;
        }

        var length = BinaryPrimitives.ReadInt32LittleEndian(log[4..]);
        if (length < 4 || length > log.Length - HeaderSize)
        {
            return false;
        }

        var payload = log.Slice(HeaderSize, length);
        if (bug != PlantedBug.SkipsChecksums && Crc32C.Compute(payload) != BinaryPrimitives.ReadUInt32LittleEndian(log))
        {
            return false;
        }

        var count = BinaryPrimitives.ReadInt32LittleEndian(payload);
        var at = 4;
        for (var i = 0; i < count; i++)
        {
            var kind = payload[at++];
            var key = ReadBytes(payload, ref at);
            _ = kind == 0 ? batch.Delete(key) : batch.Put(key, ReadBytes(payload, ref at));
        }

        size = HeaderSize + length;
        return true;
    }

    private static ReadOnlySpan<byte> ReadBytes(ReadOnlySpan<byte> payload, ref int at)
    {
        var length = BinaryPrimitives.ReadInt32LittleEndian(payload[at..]);
        var bytes = payload.Slice(at + 4, length);
        at += 4 + length;
        return bytes;
    }
}
