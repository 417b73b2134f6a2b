namespace FromScratch.Shared.Coding;

/// <summary>
/// ZigZag maps signed integers to unsigned ones so that values near zero, negative or positive,
/// get small codes and therefore short varints (protobuf's <c>sint32</c>/<c>sint64</c>):
/// <code>
///   signed:    0  -1   1  -2   2  ...  int.MaxValue   int.MinValue
///   zigzag:    0   1   2   3   4  ...  0xFFFFFFFE     0xFFFFFFFF
/// </code>
/// Encoding is <c>(n &lt;&lt; 1) ^ (n &gt;&gt; 31)</c> (arithmetic shift copies the sign into every
/// bit); decoding is <c>(z &gt;&gt;&gt; 1) ^ -(z &amp; 1)</c>. Both are bijections. Pure and thread-safe.
/// </summary>
public static class ZigZag
{
    /// <summary>Maps a signed 32-bit value to its zigzag code.</summary>
    public static uint Encode32(int value) => (uint)((value << 1) ^ (value >> 31));

    /// <summary>Inverse of <see cref="Encode32"/>.</summary>
    public static int Decode32(uint value) => (int)(value >> 1) ^ -(int)(value & 1);

    /// <summary>Maps a signed 64-bit value to its zigzag code.</summary>
    public static ulong Encode64(long value) => (ulong)((value << 1) ^ (value >> 63));

    /// <summary>Inverse of <see cref="Encode64"/>.</summary>
    public static long Decode64(ulong value) => (long)(value >> 1) ^ -(long)(value & 1);
}
