using System.Buffers.Binary;

namespace FromScratch.Shared.Coding;

/// <summary>
/// Fixed-width little-endian integers, the layout LevelDB's <c>util/coding.h</c> calls
/// <c>EncodeFixed32</c>/<c>DecodeFixed64</c>: the least significant byte comes first, whatever the
/// CPU's own byte order, so a file written on one machine reads the same on every other.
/// <code>
///   Write32(dst, 0x11223344)  ->  dst[0..4] = 44 33 22 11
/// </code>
/// A span shorter than the width throws <see cref="ArgumentOutOfRangeException"/>; nothing is read
/// or written past its end. All methods are pure and thread-safe.
/// </summary>
public static class Fixed
{
    /// <summary>Writes <paramref name="value"/> into the first 2 bytes of <paramref name="dst"/>, little-endian.</summary>
    public static void Write16(Span<byte> dst, ushort value) => BinaryPrimitives.WriteUInt16LittleEndian(dst, value);

    /// <summary>Writes <paramref name="value"/> into the first 4 bytes of <paramref name="dst"/>, little-endian.</summary>
    public static void Write32(Span<byte> dst, uint value) => BinaryPrimitives.WriteUInt32LittleEndian(dst, value);

    /// <summary>Writes <paramref name="value"/> into the first 8 bytes of <paramref name="dst"/>, little-endian.</summary>
    public static void Write64(Span<byte> dst, ulong value) => BinaryPrimitives.WriteUInt64LittleEndian(dst, value);

    /// <summary>Reads a little-endian 16-bit value from the first 2 bytes of <paramref name="src"/>.</summary>
    public static ushort Read16(ReadOnlySpan<byte> src) => BinaryPrimitives.ReadUInt16LittleEndian(src);

    /// <summary>Reads a little-endian 32-bit value from the first 4 bytes of <paramref name="src"/>.</summary>
    public static uint Read32(ReadOnlySpan<byte> src) => BinaryPrimitives.ReadUInt32LittleEndian(src);

    /// <summary>Reads a little-endian 64-bit value from the first 8 bytes of <paramref name="src"/>.</summary>
    public static ulong Read64(ReadOnlySpan<byte> src) => BinaryPrimitives.ReadUInt64LittleEndian(src);
}
