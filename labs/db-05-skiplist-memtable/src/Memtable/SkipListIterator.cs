using FromScratch.Shared.KeyValue;

namespace FromScratch.Memtable;

/// <summary>
/// A cursor over a <see cref="SkipList"/> (LevelDB's <c>SkipList::Iterator</c>), with the shared
/// <see cref="IKeyValueIterator"/> rules: <see cref="IKeyValueIterator.Key"/> is the whole entry and
/// <see cref="IKeyValueIterator.Value"/> is empty (the memtable's iterator splits its entries into a
/// key and a value). <see cref="Next"/> follows the level-0 link; <see cref="Prev"/> has no back link
/// to follow and searches again from the head for the last entry before the current one, O(log n),
/// as LevelDB does. The list has no snapshots: an iterator may see entries inserted after it was
/// created (the memtable filters them by sequence number). Not thread-safe (one thread per
/// iterator); any number of iterators may run beside the list's writer.
/// </summary>
public sealed class SkipListIterator : IKeyValueIterator
{
    private readonly SkipList _list;
    private int _node = SkipList.Null;
    private bool _disposed;

    internal SkipListIterator(SkipList list)
    {
        _list = list;
    }

    /// <inheritdoc/>
    public bool Valid
    {
        get
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            return _node != SkipList.Null;
        }
    }

    /// <inheritdoc/>
    public ReadOnlySpan<byte> Key
    {
        get
        {
            ThrowIfInvalid();
            return _list.Entry(_node);
        }
    }

    /// <summary>Empty: a skip list's entries are keys only (<see cref="Key"/> is the whole entry).</summary>
    public ReadOnlySpan<byte> Value
    {
        get
        {
            ThrowIfInvalid();
            return [];
        }
    }

    /// <inheritdoc/>
    public Exception? Error => null;

    /// <inheritdoc/>
    public void SeekToFirst()
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        _node = _list.Next(SkipList.Head, 0);
    }

    /// <inheritdoc/>
    public void SeekToLast()
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        var last = _list.FindLast();
        _node = last == SkipList.Head ? SkipList.Null : last;
    }

    /// <inheritdoc/>
    public void Seek(ReadOnlySpan<byte> target)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        _node = _list.FindGreaterOrEqual(target, null);
    }

    /// <inheritdoc/>
    public void Next()
    {
        ThrowIfInvalid();
        _node = _list.Next(_node, 0);
    }

    /// <inheritdoc/>
    public void Prev()
    {
        ThrowIfInvalid();
        var before = _list.FindLessThan(_list.Entry(_node));
        _node = before == SkipList.Head ? SkipList.Null : before;
    }

    /// <inheritdoc/>
    public void Dispose() => _disposed = true;

    private void ThrowIfInvalid()
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (_node == SkipList.Null)
        {
            throw new InvalidOperationException("The iterator is not positioned on an entry (Valid is false): seek first, and stop when Valid turns false.");
        }
    }
}
