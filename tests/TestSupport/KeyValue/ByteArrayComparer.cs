namespace FromScratch.TestSupport.KeyValue;

/// <summary>
/// Compares byte arrays the way every ordered engine of the curriculum orders keys: lexicographically
/// by unsigned byte value, a proper prefix before any longer key that extends it (LevelDB's
/// <c>BytewiseComparator</c>, <c>memcmp</c> then length):
/// <code>
///   []  &lt;  [00]  &lt;  [00 00]  &lt;  [00 01]  &lt;  [01]  &lt;  [7F]  &lt;  [80]  &lt;  [FF]  &lt;  [FF 00]
/// </code>
/// 0x80 sorts after 0x7F: a comparer over <c>sbyte</c> gets this wrong. Equality is by content.
/// Stateless and thread-safe.
/// </summary>
public sealed class ByteArrayComparer : IComparer<byte[]>, IEqualityComparer<byte[]>
{
    /// <summary>The one instance.</summary>
    public static ByteArrayComparer Instance { get; } = new();

    private ByteArrayComparer()
    {
    }

    /// <summary>Negative, zero or positive as <paramref name="x"/> sorts before, with or after <paramref name="y"/>; null sorts first.</summary>
    public int Compare(byte[]? x, byte[]? y)
    {
        if (x is null || y is null)
        {
            return x is null ? (y is null ? 0 : -1) : 1;
        }

        return x.AsSpan().SequenceCompareTo(y);
    }

    /// <summary>Whether both arrays hold the same bytes (or both are null).</summary>
    public bool Equals(byte[]? x, byte[]? y) =>
        x is null || y is null ? x is null && y is null : x.AsSpan().SequenceEqual(y);

    /// <summary>A hash of the array's contents.</summary>
    public int GetHashCode(byte[] obj)
    {
        ArgumentNullException.ThrowIfNull(obj);
        var hash = new HashCode();
        hash.AddBytes(obj);
        return hash.ToHashCode();
    }
}
