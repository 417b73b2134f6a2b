using System.Buffers;

namespace FromScratch.Shared.Coding;

/// <summary>
/// LEB128 variable-length unsigned integers, as protobuf and LevelDB (<c>util/coding.cc</c>) write
/// them: seven bits per byte, least significant group first; the high bit of a byte is set when
/// another byte follows.
/// <code>
///   value        bytes (hex)          groups of 7 bits, low first
///   0            00
///   127          7F
///   128          80 01                 0000000, 0000001
///   300          AC 02                 0101100, 0000010
///   16383        FF 7F
///   16384        80 80 01
///   2^32-1       FF FF FF FF 0F        (5 bytes = MaxLength32)
///   2^64-1       FF x9 01              (10 bytes = MaxLength64)
/// </code>
/// Decoding never reads past the span and never loops more than MaxLength times. It reports:
/// <list type="bullet">
/// <item><see cref="OperationStatus.NeedMoreData"/> when the span ends inside a varint that could
/// still be valid (every byte so far had the continuation bit, fewer than MaxLength bytes);</item>
/// <item><see cref="OperationStatus.InvalidData"/> when the varint is longer than MaxLength bytes,
/// or its last allowed byte carries bits beyond 32/64 (for varint32 the 5th byte must be &lt;= 0x0F,
/// for varint64 the 10th byte must be &lt;= 0x01).</item>
/// </list>
/// Non-minimal encodings such as <c>80 00</c> for 0 are accepted, as protobuf and LevelDB accept
/// them; writers here always produce the minimal form. All methods are pure and thread-safe.
/// </summary>
public static class Varint
{
    /// <summary>The most bytes a 32-bit value takes (ceil(32 / 7)).</summary>
    public const int MaxLength32 = 5;

    /// <summary>The most bytes a 64-bit value takes (ceil(64 / 7)).</summary>
    public const int MaxLength64 = 10;

    /// <summary>The number of bytes <paramref name="value"/> takes as a varint (1..10).</summary>
    public static int Length(ulong value)
    {
        // Each byte carries 7 bits: a value with b significant bits needs ceil(b / 7) bytes, at least 1.
        var bits = 64 - System.Numerics.BitOperations.LeadingZeroCount(value | 1);
        return (bits + 6) / 7;
    }

    /// <summary>Writes <paramref name="value"/> as a varint at the start of <paramref name="dst"/>.</summary>
    /// <returns>The number of bytes written (1..5).</returns>
    /// <exception cref="ArgumentException"><paramref name="dst"/> is shorter than <see cref="Length"/>.</exception>
    public static int Write32(Span<byte> dst, uint value) => Write64(dst, value);

    /// <summary>Writes <paramref name="value"/> as a varint at the start of <paramref name="dst"/>.</summary>
    /// <returns>The number of bytes written (1..10).</returns>
    /// <exception cref="ArgumentException"><paramref name="dst"/> is shorter than <see cref="Length"/>.</exception>
    public static int Write64(Span<byte> dst, ulong value)
    {
        if (!TryWrite64(dst, value, out var written))
        {
            throw new ArgumentException(
                $"Destination has {dst.Length} bytes; the varint of {value} needs {Length(value)}.", nameof(dst));
        }

        return written;
    }

    /// <summary>Writes <paramref name="value"/> as a varint if it fits in <paramref name="dst"/>.</summary>
    /// <returns>False, with nothing written, when <paramref name="dst"/> is too short.</returns>
    public static bool TryWrite32(Span<byte> dst, uint value, out int written) => TryWrite64(dst, value, out written);

    /// <summary>Writes <paramref name="value"/> as a varint if it fits in <paramref name="dst"/>.</summary>
    /// <returns>False, with nothing written, when <paramref name="dst"/> is too short.</returns>
    public static bool TryWrite64(Span<byte> dst, ulong value, out int written)
    {
        var length = Length(value);
        if (dst.Length < length)
        {
            written = 0;
            return false;
        }

        var i = 0;
        while (value >= 0x80)
        {
            dst[i++] = (byte)(value | 0x80);
            value >>= 7;
        }

        dst[i++] = (byte)value;
        written = i;
        return true;
    }

    /// <summary>Decodes a varint32 from the start of <paramref name="src"/>.</summary>
    /// <returns>
    /// <see cref="OperationStatus.Done"/> with <paramref name="value"/> and <paramref name="consumed"/> set;
    /// <see cref="OperationStatus.NeedMoreData"/> if the span ends inside the varint;
    /// <see cref="OperationStatus.InvalidData"/> if it is longer than 5 bytes or overflows 32 bits.
    /// On failure <paramref name="value"/> and <paramref name="consumed"/> are 0.
    /// </returns>
    public static OperationStatus Decode32(ReadOnlySpan<byte> src, out uint value, out int consumed)
    {
        var status = Decode(src, MaxLength32, lastByteLimit: 0x0F, out var wide, out consumed);
        value = (uint)wide;
        return status;
    }

    /// <summary>Decodes a varint64 from the start of <paramref name="src"/>.</summary>
    /// <returns>As <see cref="Decode32"/>, for at most 10 bytes and 64 bits.</returns>
    public static OperationStatus Decode64(ReadOnlySpan<byte> src, out ulong value, out int consumed) =>
        Decode(src, MaxLength64, lastByteLimit: 0x01, out value, out consumed);

    /// <summary>Decodes a varint32; false if the input is truncated or malformed (see <see cref="Decode32"/>).</summary>
    public static bool TryRead32(ReadOnlySpan<byte> src, out uint value, out int consumed) =>
        Decode32(src, out value, out consumed) == OperationStatus.Done;

    /// <summary>Decodes a varint64; false if the input is truncated or malformed (see <see cref="Decode64"/>).</summary>
    public static bool TryRead64(ReadOnlySpan<byte> src, out ulong value, out int consumed) =>
        Decode64(src, out value, out consumed) == OperationStatus.Done;

    /// <summary>Decodes a varint32 or throws.</summary>
    /// <exception cref="InvalidDataException">The input is truncated or malformed.</exception>
    public static uint Read32(ReadOnlySpan<byte> src, out int consumed)
    {
        var status = Decode32(src, out var value, out consumed);
        ThrowIfFailed(status, src.Length, 32);
        return value;
    }

    /// <summary>Decodes a varint64 or throws.</summary>
    /// <exception cref="InvalidDataException">The input is truncated or malformed.</exception>
    public static ulong Read64(ReadOnlySpan<byte> src, out int consumed)
    {
        var status = Decode64(src, out var value, out consumed);
        ThrowIfFailed(status, src.Length, 64);
        return value;
    }

    // One decoder for both widths. The loop is bounded by maxLength, and by src.Length: it never
    // indexes past either. The byte at index maxLength-1 is the last one allowed; it must not have
    // the continuation bit, and must not carry bits above the value's width (lastByteLimit).
    private static OperationStatus Decode(
        ReadOnlySpan<byte> src, int maxLength, byte lastByteLimit, out ulong value, out int consumed)
    {
        ulong result = 0;
        for (var i = 0; i < maxLength; i++)
        {
            if (i == src.Length)
            {
                break;
            }

            var b = src[i];
            if (i == maxLength - 1 && b > lastByteLimit)
            {
                // Either the continuation bit is set (too long) or the bits overflow the width.
                value = 0;
                consumed = 0;
                return OperationStatus.InvalidData;
            }

            result |= (ulong)(b & 0x7F) << (7 * i);
            if (b < 0x80)
            {
                value = result;
                consumed = i + 1;
                return OperationStatus.Done;
            }
        }

        // Reached only when src ended before a terminating byte, within maxLength bytes.
        value = 0;
        consumed = 0;
        return OperationStatus.NeedMoreData;
    }

    private static void ThrowIfFailed(OperationStatus status, int available, int bits)
    {
        switch (status)
        {
            case OperationStatus.Done:
                return;
            case OperationStatus.NeedMoreData:
                throw new InvalidDataException(
                    $"Truncated varint{bits}: the input ends after {available} byte(s) inside the varint.");
            default:
                throw new InvalidDataException(
                    $"Malformed varint{bits}: longer than {(bits == 32 ? MaxLength32 : MaxLength64)} bytes or overflows {bits} bits.");
        }
    }
}
