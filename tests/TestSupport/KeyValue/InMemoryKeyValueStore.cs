using System.Collections.Immutable;
using FromScratch.Shared.KeyValue;

namespace FromScratch.TestSupport.KeyValue;

/// <summary>
/// The model the contract suite compares engines against: an immutable sorted dictionary ordered by
/// <see cref="ByteArrayComparer"/> (LevelDB's bytewise order), nothing on disk. It meets every
/// clause of <see cref="IOrderedKeyValueStore"/> that does not involve a crash (there is nothing to
/// crash), and the workload runner's tests use it as an engine that needs no file system.
/// <para>
/// Every write replaces the whole dictionary with a new version (persistent trees share most of
/// their nodes), so a snapshot is just the version it was taken at and an iterator reads the version
/// current at its creation: later writes never show through either. It copies every key and value on
/// the way in and on the way out, so a caller can neither change the model by reusing a buffer nor by
/// writing into a returned array. Thread-safe: writes take one lock; reads take the current version
/// without it.
/// </para>
/// </summary>
public sealed class InMemoryKeyValueStore : IOrderedKeyValueStore
{
    private readonly Lock _writeLock = new();
    private volatile ImmutableSortedDictionary<byte[], byte[]> _version = ImmutableSortedDictionary.Create<byte[], byte[]>(ByteArrayComparer.Instance);
    private volatile bool _disposed;

    /// <summary>An empty store.</summary>
    public InMemoryKeyValueStore()
    {
    }

    /// <summary>A store holding copies of <paramref name="entries"/> (a later entry for the same key wins).</summary>
    public InMemoryKeyValueStore(IEnumerable<KeyValuePair<byte[], byte[]>> entries)
    {
        ArgumentNullException.ThrowIfNull(entries);
        var builder = _version.ToBuilder();
        foreach (var (key, value) in entries)
        {
            KeyValueArguments.ThrowIfInvalidKey(key);
            builder[key.ToArray()] = value.ToArray();
        }

        _version = builder.ToImmutable();
    }

    /// <inheritdoc/>
    public IKeyComparator Comparator => BytewiseComparator.Instance;

    /// <summary>The number of keys.</summary>
    public int Count => Current().Count;

    /// <summary>A copy of every entry, in key order.</summary>
    public IReadOnlyList<KeyValuePair<byte[], byte[]>> Entries() =>
        [.. Current().Select(e => KeyValuePair.Create(e.Key.ToArray(), e.Value.ToArray()))];

    /// <summary>An independent store with the same entries.</summary>
    public InMemoryKeyValueStore Clone() => new(Entries());

    /// <summary>Whether <paramref name="other"/> holds exactly the same entries.</summary>
    public bool ContentEquals(InMemoryKeyValueStore other)
    {
        ArgumentNullException.ThrowIfNull(other);
        var mine = Current();
        var theirs = other.Current();
        return mine.Count == theirs.Count && mine.Zip(theirs).All(pair =>
            pair.First.Key.AsSpan().SequenceEqual(pair.Second.Key) && pair.First.Value.AsSpan().SequenceEqual(pair.Second.Value));
    }

    /// <inheritdoc/>
    public byte[]? Get(ReadOnlySpan<byte> key) => Get(key, ReadOptions.Default);

    /// <inheritdoc/>
    public byte[]? Get(ReadOnlySpan<byte> key, ReadOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        KeyValueArguments.ThrowIfInvalidKey(key);
        var version = VersionFor(options);
        return version.TryGetValue(key.ToArray(), out var value) ? value.ToArray() : null;
    }

    /// <inheritdoc/>
    public void Put(ReadOnlySpan<byte> key, ReadOnlySpan<byte> value, WriteOptions? options = null)
    {
        KeyValueArguments.ThrowIfInvalidKey(key);
        var (k, v) = (key.ToArray(), value.ToArray());
        lock (_writeLock)
        {
            ThrowIfDisposed();
            _version = _version.SetItem(k, v);
        }
    }

    /// <inheritdoc/>
    public void Delete(ReadOnlySpan<byte> key, WriteOptions? options = null)
    {
        KeyValueArguments.ThrowIfInvalidKey(key);
        var k = key.ToArray();
        lock (_writeLock)
        {
            ThrowIfDisposed();
            _version = _version.Remove(k);
        }
    }

    /// <inheritdoc/>
    public void Write(WriteBatch batch, WriteOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(batch);
        lock (_writeLock)
        {
            ThrowIfDisposed();
            var builder = _version.ToBuilder();
            foreach (var operation in batch.Operations)
            {
                if (operation.Value is { } value)
                {
                    builder[operation.Key.ToArray()] = value.ToArray();
                }
                else
                {
                    builder.Remove(operation.Key.ToArray());
                }
            }

            _version = builder.ToImmutable();
        }
    }

    /// <inheritdoc/>
    public IKeyValueIterator NewIterator(ReadOptions? options = null) =>
        new SortedEntriesIterator([.. VersionFor(options ?? ReadOptions.Default)], Comparator);

    /// <inheritdoc/>
    public ISnapshot GetSnapshot() => new VersionSnapshot(this, Current());

    /// <summary>Marks the store disposed: every later call throws <see cref="ObjectDisposedException"/>. Idempotent.</summary>
    public void Dispose()
    {
        lock (_writeLock)
        {
            _disposed = true;
        }
    }

    private ImmutableSortedDictionary<byte[], byte[]> Current()
    {
        ThrowIfDisposed();
        return _version;
    }

    private ImmutableSortedDictionary<byte[], byte[]> VersionFor(ReadOptions options)
    {
        if (options.Snapshot is null)
        {
            return Current();
        }

        if (options.Snapshot is not VersionSnapshot snapshot || snapshot.Owner != this)
        {
            throw new ArgumentException("The snapshot was not taken from this store.", nameof(options));
        }

        ThrowIfDisposed();
        return snapshot.Version;
    }

    private void ThrowIfDisposed() => ObjectDisposedException.ThrowIf(_disposed, this);

    private sealed class VersionSnapshot(InMemoryKeyValueStore owner, ImmutableSortedDictionary<byte[], byte[]> version) : ISnapshot
    {
        private volatile bool _released;

        public InMemoryKeyValueStore Owner { get; } = owner;

        public ImmutableSortedDictionary<byte[], byte[]> Version
        {
            get
            {
                ObjectDisposedException.ThrowIf(_released, this);
                return version;
            }
        }

        public void Dispose() => _released = true;
    }
}
