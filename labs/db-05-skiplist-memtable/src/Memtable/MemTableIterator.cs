using FromScratch.Shared.Coding;
using FromScratch.Shared.KeyValue;

namespace FromScratch.Memtable;

/// <summary>
/// An iterator over a memtable's entries as internal keys and values (LevelDB's
/// <c>MemTableIterator</c>), with the shared <see cref="IKeyValueIterator"/> rules:
/// <see cref="Key"/> is an internal key (user key and tag), <see cref="Value"/> the value (empty for a
/// deletion), in <see cref="InternalKeyComparator"/> order, so every version of every key appears,
/// newest first. <see cref="Seek"/> takes an internal key. It holds a reference on the memtable until
/// disposed. Like the skip list's, it sees entries added after its creation; the engine's snapshot
/// filtering (db-07's database iterator) hides those above its sequence number. Not thread-safe.
/// </summary>
public sealed class MemTableIterator : IKeyValueIterator
{
    private readonly MemTable _memTable;
    private readonly SkipListIterator _iterator;
    private byte[] _seekKey = new byte[64];
    private bool _disposed;

    internal MemTableIterator(MemTable memTable, SkipListIterator iterator)
    {
        _memTable = memTable;
        _iterator = iterator;
    }

    /// <inheritdoc/>
    public bool Valid
    {
        get
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            return _iterator.Valid;
        }
    }

    /// <summary>The current entry's internal key.</summary>
    public ReadOnlySpan<byte> Key => MemTable.EntryKey(Entry);

    /// <summary>The current entry's value (empty for a deletion).</summary>
    public ReadOnlySpan<byte> Value => MemTable.EntryValue(Entry);

    /// <inheritdoc/>
    public Exception? Error => null;

    private ReadOnlySpan<byte> Entry
    {
        get
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            return _iterator.Key;
        }
    }

    /// <inheritdoc/>
    public void SeekToFirst()
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        _iterator.SeekToFirst();
    }

    /// <inheritdoc/>
    public void SeekToLast()
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        _iterator.SeekToLast();
    }

    /// <summary>Positions at the first entry whose internal key is at or after <paramref name="target"/> (an internal key).</summary>
    public void Seek(ReadOnlySpan<byte> target)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        // The skip list compares length-prefixed keys: encode the target as a memtable key.
        var length = LengthPrefixed.Length(target.Length);
        if (_seekKey.Length < length)
        {
            _seekKey = new byte[Math.Max(length, _seekKey.Length * 2)];
        }

        LengthPrefixed.Write(_seekKey, target);
        _iterator.Seek(_seekKey.AsSpan(0, length));
    }

    /// <inheritdoc/>
    public void Next()
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        _iterator.Next();
    }

    /// <inheritdoc/>
    public void Prev()
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        _iterator.Prev();
    }

    /// <summary>Releases the iterator's reference on the memtable. Idempotent.</summary>
    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        _iterator.Dispose();
        _memTable.Unref();
    }
}
