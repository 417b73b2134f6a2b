using System.Diagnostics.CodeAnalysis;

namespace FromScratch.Bitcask;

/// <summary>Content equality for byte-array keys, also by span (no allocation on lookup). Stateless, thread-safe.</summary>
internal sealed class ByteArrayEqualityComparer : IEqualityComparer<byte[]>, IAlternateEqualityComparer<ReadOnlySpan<byte>, byte[]>
{
    public static readonly ByteArrayEqualityComparer Instance = new();

    public bool Equals(byte[]? x, byte[]? y) => x is null ? y is null : y is not null && x.AsSpan().SequenceEqual(y);

    public int GetHashCode([DisallowNull] byte[] obj) => Hash(obj);

    public bool Equals(ReadOnlySpan<byte> alternate, byte[] other) => alternate.SequenceEqual(other);

    public int GetHashCode(ReadOnlySpan<byte> alternate) => Hash(alternate);

    public byte[] Create(ReadOnlySpan<byte> alternate) => alternate.ToArray();

    private static int Hash(ReadOnlySpan<byte> key)
    {
        // HashCode is seeded randomly per process, so a crafted key set cannot force collisions.
        var hash = new HashCode();
        hash.AddBytes(key);
        return hash.ToHashCode();
    }
}
