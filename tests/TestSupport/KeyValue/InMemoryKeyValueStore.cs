using FromScratch.Shared.KeyValue;

namespace FromScratch.TestSupport.KeyValue;

/// <summary>
/// The model the contract suite compares engines against: a <see cref="SortedDictionary{TKey, TValue}"/>
/// ordered by <see cref="ByteArrayComparer"/>, nothing on disk. It meets every clause of
/// <see cref="IOrderedKeyValueStore"/> that does not involve a crash (there is nothing to crash), and
/// the workload runner's tests use it as an engine that needs no file system.
/// <para>
/// It copies every key and value on the way in and on the way out, so a caller can neither change
/// the model by reusing a buffer nor by writing into a returned array. Thread-safe: one lock around
/// every member; <see cref="Scan"/> copies the range under the lock and returns the copy, so it holds
/// the store's entries as they were when Scan was called.
/// </para>
/// </summary>
public sealed class InMemoryKeyValueStore : IOrderedKeyValueStore
{
    private readonly SortedDictionary<byte[], byte[]> _entries = new(ByteArrayComparer.Instance);
    private readonly Lock _lock = new();
    private bool _disposed;

    /// <summary>An empty store.</summary>
    public InMemoryKeyValueStore()
    {
    }

    /// <summary>A store holding copies of <paramref name="entries"/> (a later entry for the same key wins).</summary>
    public InMemoryKeyValueStore(IEnumerable<KeyValuePair<byte[], byte[]>> entries)
    {
        ArgumentNullException.ThrowIfNull(entries);
        foreach (var (key, value) in entries)
        {
            KeyValueArguments.ThrowIfInvalidKey(key);
            _entries[key.ToArray()] = value.ToArray();
        }
    }

    /// <summary>The number of keys.</summary>
    public int Count
    {
        get
        {
            lock (_lock)
            {
                ThrowIfDisposed();
                return _entries.Count;
            }
        }
    }

    /// <summary>A copy of every entry, in key order.</summary>
    public IReadOnlyList<KeyValuePair<byte[], byte[]>> Snapshot()
    {
        lock (_lock)
        {
            ThrowIfDisposed();
            return [.. _entries.Select(e => KeyValuePair.Create(e.Key.ToArray(), e.Value.ToArray()))];
        }
    }

    /// <summary>An independent store with the same entries.</summary>
    public InMemoryKeyValueStore Clone() => new(Snapshot());

    /// <summary>Whether <paramref name="other"/> holds exactly the same entries.</summary>
    public bool ContentEquals(InMemoryKeyValueStore other)
    {
        ArgumentNullException.ThrowIfNull(other);
        var mine = Snapshot();
        var theirs = other.Snapshot();
        return mine.Count == theirs.Count && mine.Zip(theirs).All(pair =>
            pair.First.Key.AsSpan().SequenceEqual(pair.Second.Key) && pair.First.Value.AsSpan().SequenceEqual(pair.Second.Value));
    }

    /// <inheritdoc/>
    public byte[]? Get(ReadOnlySpan<byte> key)
    {
        KeyValueArguments.ThrowIfInvalidKey(key);
        var lookup = key.ToArray();
        lock (_lock)
        {
            ThrowIfDisposed();
            return _entries.TryGetValue(lookup, out var value) ? value.ToArray() : null;
        }
    }

    /// <inheritdoc/>
    public void Put(ReadOnlySpan<byte> key, ReadOnlySpan<byte> value, WriteOptions? options = null)
    {
        KeyValueArguments.ThrowIfInvalidKey(key);
        var (k, v) = (key.ToArray(), value.ToArray());
        lock (_lock)
        {
            ThrowIfDisposed();
            _entries[k] = v;
        }
    }

    /// <inheritdoc/>
    public void Delete(ReadOnlySpan<byte> key, WriteOptions? options = null)
    {
        KeyValueArguments.ThrowIfInvalidKey(key);
        var k = key.ToArray();
        lock (_lock)
        {
            ThrowIfDisposed();
            _entries.Remove(k);
        }
    }

    /// <inheritdoc/>
    public void Write(WriteBatch batch, WriteOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(batch);
        lock (_lock)
        {
            ThrowIfDisposed();
            foreach (var operation in batch.Operations)
            {
                if (operation.Value is { } value)
                {
                    _entries[operation.Key.ToArray()] = value.ToArray();
                }
                else
                {
                    _entries.Remove(operation.Key.ToArray());
                }
            }
        }
    }

    /// <inheritdoc/>
    public IEnumerable<KeyValuePair<byte[], byte[]>> Scan(ReadOnlyMemory<byte> start, ReadOnlyMemory<byte> end)
    {
        List<KeyValuePair<byte[], byte[]>> range;
        lock (_lock)
        {
            ThrowIfDisposed();
            range = [.. _entries
                .SkipWhile(e => e.Key.AsSpan().SequenceCompareTo(start.Span) < 0)
                .TakeWhile(e => end.IsEmpty || e.Key.AsSpan().SequenceCompareTo(end.Span) < 0)
                .Select(e => KeyValuePair.Create(e.Key.ToArray(), e.Value.ToArray()))];
        }

        return range;
    }

    /// <summary>Marks the store disposed: every later call throws <see cref="ObjectDisposedException"/>. Idempotent.</summary>
    public void Dispose()
    {
        lock (_lock)
        {
            _disposed = true;
        }
    }

    private void ThrowIfDisposed() => ObjectDisposedException.ThrowIf(_disposed, this);
}
