namespace FromScratch.Shared.KeyValue;

/// <summary>The argument checks every engine applies the same way, so the contract suite can expect the same exceptions.</summary>
public static class KeyValueArguments
{
    /// <summary>Throws <see cref="ArgumentException"/> if <paramref name="key"/> is empty.</summary>
    public static void ThrowIfInvalidKey(ReadOnlySpan<byte> key)
    {
        if (key.IsEmpty)
        {
            throw new ArgumentException("A key must be at least one byte long.", nameof(key));
        }
    }
}
