using FromScratch.Shared.KeyValue;

namespace FromScratch.TestSupport.KeyValue;

/// <summary>
/// An <see cref="IKeyValueIterator"/> over a sorted array of entries that never changes: the
/// simplest iterator that keeps every rule of the interface (binary search for <see cref="Seek"/>,
/// an index for the position). The model store's iterators are these, over the version of the store
/// they read; tests of other iterators compare against it.
/// </summary>
public sealed class SortedEntriesIterator : IKeyValueIterator
{
    private readonly KeyValuePair<byte[], byte[]>[] _entries;
    private readonly IKeyComparator _comparator;
    private int _position = -1;   // -1: invalid
    private bool _disposed;

    /// <summary>An iterator over <paramref name="entries"/>, which must be sorted by <paramref name="comparator"/> with no key twice; the array is not copied and must not change.</summary>
    public SortedEntriesIterator(KeyValuePair<byte[], byte[]>[] entries, IKeyComparator? comparator = null)
    {
        ArgumentNullException.ThrowIfNull(entries);
        _entries = entries;
        _comparator = comparator ?? BytewiseComparator.Instance;
    }

    /// <inheritdoc/>
    public bool Valid
    {
        get
        {
            ThrowIfDisposed();
            return _position >= 0;
        }
    }

    /// <inheritdoc/>
    public ReadOnlySpan<byte> Key => Current.Key;

    /// <inheritdoc/>
    public ReadOnlySpan<byte> Value => Current.Value;

    /// <inheritdoc/>
    public Exception? Error => null;

    private KeyValuePair<byte[], byte[]> Current
    {
        get
        {
            ThrowIfInvalid();
            return _entries[_position];
        }
    }

    /// <inheritdoc/>
    public void SeekToFirst() => Position(0);

    /// <inheritdoc/>
    public void SeekToLast() => Position(_entries.Length - 1);

    /// <inheritdoc/>
    public void Seek(ReadOnlySpan<byte> target)
    {
        ThrowIfDisposed();
        int low = 0, high = _entries.Length;   // the answer lies in [low, high]
        while (low < high)
        {
            var middle = low + ((high - low) / 2);
            if (_comparator.Compare(_entries[middle].Key, target) < 0)
            {
                low = middle + 1;
            }
            else
            {
                high = middle;
            }
        }

        Position(low);
    }

    /// <inheritdoc/>
    public void Next()
    {
        ThrowIfInvalid();
        Position(_position + 1);
    }

    /// <inheritdoc/>
    public void Prev()
    {
        ThrowIfInvalid();
        Position(_position - 1);
    }

    /// <inheritdoc/>
    public void Dispose() => _disposed = true;

    private void Position(int index)
    {
        ThrowIfDisposed();
        _position = index >= 0 && index < _entries.Length ? index : -1;
    }

    private void ThrowIfInvalid()
    {
        ThrowIfDisposed();
        if (_position < 0)
        {
            throw new InvalidOperationException("The iterator is not positioned on an entry (Valid is false): seek first, and stop when Valid turns false.");
        }
    }

    private void ThrowIfDisposed() => ObjectDisposedException.ThrowIf(_disposed, this);
}
