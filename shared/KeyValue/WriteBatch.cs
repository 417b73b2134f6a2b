namespace FromScratch.Shared.KeyValue;

/// <summary>
/// An ordered list of puts and deletes that <see cref="IKeyValueStore.Write"/> applies atomically
/// (LevelDB's <c>WriteBatch</c>). The batch copies keys and values when they are added, so the
/// caller may reuse its buffers. Not thread-safe.
/// </summary>
public sealed class WriteBatch
{
    private readonly List<WriteBatchOperation> _operations = [];

    /// <summary>The number of operations.</summary>
    public int Count => _operations.Count;

    /// <summary>The total size of the keys and values, a measure of the batch's cost.</summary>
    public long ApproximateSize { get; private set; }

    /// <summary>The operations, in the order they were added.</summary>
    public IReadOnlyList<WriteBatchOperation> Operations => _operations;

    /// <summary>Adds a put.</summary>
    public WriteBatch Put(ReadOnlySpan<byte> key, ReadOnlySpan<byte> value)
    {
        KeyValueArguments.ThrowIfInvalidKey(key);
        _operations.Add(new WriteBatchOperation(key.ToArray(), value.ToArray()));
        ApproximateSize += key.Length + value.Length;
        return this;
    }

    /// <summary>Adds a delete.</summary>
    public WriteBatch Delete(ReadOnlySpan<byte> key)
    {
        KeyValueArguments.ThrowIfInvalidKey(key);
        _operations.Add(new WriteBatchOperation(key.ToArray(), null));
        ApproximateSize += key.Length;
        return this;
    }

    /// <summary>Removes every operation.</summary>
    public void Clear()
    {
        _operations.Clear();
        ApproximateSize = 0;
    }
}
