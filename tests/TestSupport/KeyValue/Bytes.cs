using System.Text;

namespace FromScratch.TestSupport.KeyValue;

/// <summary>Keys and values for tests: readable names, deterministic contents, and short descriptions for failure messages.</summary>
public static class Bytes
{
    /// <summary>The UTF-8 bytes of <paramref name="text"/>.</summary>
    public static byte[] Of(string text) => Encoding.UTF8.GetBytes(text);

    /// <summary>
    /// <paramref name="length"/> bytes that depend on <paramref name="seed"/> (a xorshift stream), so two
    /// values of different seeds differ in their first bytes and a value cut, shifted or mixed with
    /// another is caught.
    /// </summary>
    public static byte[] Value(int seed, int length)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(length);
        var bytes = new byte[length];
        var state = (uint)seed * 2654435761u | 1u;
        for (var i = 0; i < bytes.Length; i++)
        {
            state ^= state << 13;
            state ^= state >> 17;
            state ^= state << 5;
            bytes[i] = (byte)state;
        }

        return bytes;
    }

    /// <summary>"null", or the length and the first bytes in hex: <c>[3] 61-62-63</c>, <c>[1048576] 0F-A2-...</c>.</summary>
    public static string Describe(byte[]? bytes)
    {
        if (bytes is null)
        {
            return "null (absent)";
        }

        const int Shown = 16;
        var hex = Convert.ToHexString(bytes, 0, Math.Min(bytes.Length, Shown));
        return $"[{bytes.Length}] {hex}{(bytes.Length > Shown ? "..." : "")}";
    }
}
