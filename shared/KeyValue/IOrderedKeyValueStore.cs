namespace FromScratch.Shared.KeyValue;

/// <summary>
/// A key-value store that keeps its keys in order (the LSM tree, the B-tree; not Bitcask, whose hash
/// index has no order), with LevelDB's read interface: iterators, snapshots and per-read options.
/// <para>
/// Semantics, on top of <see cref="IKeyValueStore"/>'s:
/// <list type="bullet">
/// <item>Keys are ordered by <see cref="Comparator"/>; the curriculum's engines use
/// <see cref="BytewiseComparator"/>.</item>
/// <item><see cref="NewIterator"/> returns an <see cref="IKeyValueIterator"/> over the state at its
/// creation, or at <see cref="ReadOptions.Snapshot"/>: writes made while it is open do not show.</item>
/// <item><see cref="GetSnapshot"/> pins the current state; <see cref="Get(ReadOnlySpan{byte}, ReadOptions)"/>
/// and <see cref="NewIterator"/> read it through <see cref="ReadOptions.Snapshot"/> until it is
/// disposed. A snapshot of another store is an <see cref="ArgumentException"/>; a released one an
/// <see cref="ObjectDisposedException"/>.</item>
/// <item>A snapshot survives no reopen: it belongs to the open store that made it.</item>
/// <item>Iterators and snapshots are disposed before the store. Calling <see cref="NewIterator"/>
/// or <see cref="GetSnapshot"/> on a disposed store throws <see cref="ObjectDisposedException"/>.</item>
/// </list>
/// Range scans (<see cref="OrderedKeyValueStoreExtensions.Scan"/>) are a convenience over the iterator.
/// </para>
/// </summary>
public interface IOrderedKeyValueStore : IKeyValueStore
{
    /// <summary>The order of the keys.</summary>
    IKeyComparator Comparator { get; }

    /// <summary>The value of <paramref name="key"/> in the view <paramref name="options"/> names (the latest state, or its snapshot), or null.</summary>
    byte[]? Get(ReadOnlySpan<byte> key, ReadOptions options);

    /// <summary>A new iterator, not yet positioned, over the latest state or <paramref name="options"/>' snapshot. The caller disposes it.</summary>
    IKeyValueIterator NewIterator(ReadOptions? options = null);

    /// <summary>Pins the current state for later reads; dispose the snapshot to release it.</summary>
    ISnapshot GetSnapshot();
}
