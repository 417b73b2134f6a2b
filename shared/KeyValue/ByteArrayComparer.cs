using System.Diagnostics.CodeAnalysis;

namespace FromScratch.Shared.KeyValue;

/// <summary>
/// Byte arrays as keys of .NET collections: ordered as <see cref="BytewiseComparator"/> orders keys
/// (unsigned bytes, a prefix first), equal by content, and looked up by span without allocating
/// (<c>dictionary.GetAlternateLookup&lt;ReadOnlySpan&lt;byte&gt;&gt;()</c>). The one comparer of
/// byte arrays in the repository: engines' in-memory indexes, the test models and the workload
/// runner all use it. Stateless and thread-safe.
/// </summary>
public sealed class ByteArrayComparer : IComparer<byte[]>, IEqualityComparer<byte[]>, IAlternateEqualityComparer<ReadOnlySpan<byte>, byte[]>
{
    private ByteArrayComparer()
    {
    }

    /// <summary>The one instance.</summary>
    public static ByteArrayComparer Instance { get; } = new();

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
    public int GetHashCode([DisallowNull] byte[] obj)
    {
        ArgumentNullException.ThrowIfNull(obj);
        return Hash(obj);
    }

    /// <summary>Whether the span holds the same bytes as the array.</summary>
    public bool Equals(ReadOnlySpan<byte> alternate, byte[] other) => alternate.SequenceEqual(other);

    /// <summary>The same hash as the array with these contents.</summary>
    public int GetHashCode(ReadOnlySpan<byte> alternate) => Hash(alternate);

    /// <summary>A new array with the span's contents (what a dictionary stores when it adds through the span).</summary>
    public byte[] Create(ReadOnlySpan<byte> alternate) => alternate.ToArray();

    private static int Hash(ReadOnlySpan<byte> key)
    {
        // HashCode is seeded randomly per process, so a crafted key set cannot force collisions.
        var hash = new HashCode();
        hash.AddBytes(key);
        return hash.ToHashCode();
    }
}
