namespace FromScratch.Shared.KeyValue;

/// <summary>One operation of a <see cref="WriteBatch"/>: a put (with its value) or a delete (<see cref="Value"/> null).</summary>
/// <param name="Key">The key, at least one byte.</param>
/// <param name="Value">The value of a put; null for a delete.</param>
public readonly record struct WriteBatchOperation(ReadOnlyMemory<byte> Key, ReadOnlyMemory<byte>? Value)
{
    /// <summary>Whether this is a delete.</summary>
    public bool IsDelete => Value is null;
}
