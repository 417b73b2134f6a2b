using System.Buffers;

namespace FromScratch.Shared.Coding;

/// <summary>
/// A byte slice preceded by its length as a varint32, LevelDB's <c>PutLengthPrefixedSlice</c>:
/// <code>
///   +----------------------+------------------+
///   | length (varint32)    | payload (length) |
///   +----------------------+------------------+
///   "abc"  ->  03 61 62 63
/// </code>
/// Pure and thread-safe. Reading returns a slice of the input, never a copy.
/// </summary>
public static class LengthPrefixed
{
    /// <summary>The encoded size of a payload of <paramref name="payloadLength"/> bytes.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="payloadLength"/> is negative.</exception>
    public static int Length(int payloadLength)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(payloadLength);
        return Varint.Length((uint)payloadLength) + payloadLength;
    }

    /// <summary>Writes the length of <paramref name="payload"/> and then the payload at the start of <paramref name="dst"/>.</summary>
    /// <returns>The number of bytes written, <see cref="Length"/>(payload.Length).</returns>
    /// <exception cref="ArgumentException"><paramref name="dst"/> is too short; nothing is written.</exception>
    public static int Write(Span<byte> dst, ReadOnlySpan<byte> payload)
    {
        var total = Length(payload.Length);
        if (dst.Length < total)
        {
            throw new ArgumentException(
                $"Destination has {dst.Length} bytes; a length-prefixed payload of {payload.Length} bytes needs {total}.",
                nameof(dst));
        }

        var header = Varint.Write32(dst, (uint)payload.Length);
        payload.CopyTo(dst[header..]);
        return total;
    }

    /// <summary>Reads a length-prefixed slice from the start of <paramref name="src"/>.</summary>
    /// <returns>False when the input is truncated or the length is malformed.</returns>
    public static bool TryRead(ReadOnlySpan<byte> src, out ReadOnlySpan<byte> payload, out int consumed) =>
        Decode(src, out payload, out consumed) == OperationStatus.Done;

    /// <summary>
    /// Reads a length-prefixed slice, telling a truncated input (<see cref="OperationStatus.NeedMoreData"/>)
    /// from a malformed one (<see cref="OperationStatus.InvalidData"/>: a bad varint, or a length above
    /// <see cref="int.MaxValue"/>).
    /// </summary>
    public static OperationStatus Decode(ReadOnlySpan<byte> src, out ReadOnlySpan<byte> payload, out int consumed)
    {
        payload = default;
        consumed = 0;
        var status = Varint.Decode32(src, out var length, out var header);
        if (status != OperationStatus.Done)
        {
            return status;
        }

        if (length > int.MaxValue)
        {
            return OperationStatus.InvalidData;
        }

        if ((ulong)src.Length - (ulong)header < length)
        {
            return OperationStatus.NeedMoreData;
        }

        payload = src.Slice(header, (int)length);
        consumed = header + (int)length;
        return OperationStatus.Done;
    }
}
