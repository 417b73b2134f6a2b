using System.Buffers.Binary;

namespace FromScratch.Memtable.Tests;

/// <summary>Keys for the skip-list tests: 8-byte big-endian numbers (bytewise order is numeric order), and entries that carry a check of themselves.</summary>
internal static class Keys
{
    /// <summary>The 8-byte big-endian key of <paramref name="n"/>.</summary>
    public static byte[] Of(long n)
    {
        var key = new byte[8];
        BinaryPrimitives.WriteInt64BigEndian(key, n);
        return key;
    }

    /// <summary>The number in a key made by <see cref="Of"/> (or the first 8 bytes of an entry made by <see cref="Checked"/>).</summary>
    public static long Number(ReadOnlySpan<byte> key) => BinaryPrimitives.ReadInt64BigEndian(key);

    /// <summary>An entry of 24 bytes: the key of <paramref name="n"/>, then two copies of a hash of it, so that a reader can tell a whole entry from a half-written one.</summary>
    public static byte[] Checked(long n)
    {
        var entry = new byte[24];
        BinaryPrimitives.WriteInt64BigEndian(entry, n);
        var check = (ulong)n * 0x9E3779B97F4A7C15UL;
        BinaryPrimitives.WriteUInt64LittleEndian(entry.AsSpan(8), check);
        BinaryPrimitives.WriteUInt64LittleEndian(entry.AsSpan(16), ~check);
        return entry;
    }

    /// <summary>Whether <paramref name="entry"/> is a whole entry made by <see cref="Checked"/>.</summary>
    public static bool IsWhole(ReadOnlySpan<byte> entry) =>
        entry.Length == 24
        && BinaryPrimitives.ReadUInt64LittleEndian(entry[8..]) == (ulong)Number(entry) * 0x9E3779B97F4A7C15UL
        && BinaryPrimitives.ReadUInt64LittleEndian(entry[16..]) == ~((ulong)Number(entry) * 0x9E3779B97F4A7C15UL);
}
