using FromScratch.Shared.Checksums;

namespace FromScratch.Shared.Coding;

/// <summary>
/// The one framing the curriculum's small fixtures use for a checksummed record (db-03's planted-bug
/// writers, the contract suite's logged test store): a length, a masked CRC32C of the payload, then
/// the payload. The labs' real formats (LevelDB's log, Bitcask's data files, SQLite's pages) have
/// their own framings; this one exists so that fixtures do not each invent a slightly different one.
/// <code>
///   +-------------------+---------------------------------+-----------------+
///   | length u32 LE     | masked crc32c(payload) u32 LE    | payload (length) |
///   +-------------------+---------------------------------+-----------------+
///   "hi" -&gt; 02 00 00 00 | Mask(Crc32C("hi")) | 68 69
/// </code>
/// The checksum is masked (<see cref="Crc32C.Mask"/>) so that a header of zeros, which a crash can
/// leave at the end of a file, never decodes as an empty record: Mask(crc32c("")) is 0xA282EAD8.
/// Pure and thread-safe.
/// </summary>
public static class ChecksummedRecord
{
    /// <summary>The header's size: a 4-byte length and a 4-byte masked checksum.</summary>
    public const int HeaderSize = 8;

    /// <summary>What <see cref="TryRead"/> found at the start of its input.</summary>
    public enum ReadStatus
    {
        /// <summary>A whole record whose checksum matches.</summary>
        Ok,

        /// <summary>Fewer bytes than the header and its length promise: the end of the data, or a torn tail.</summary>
        Truncated,

        /// <summary>A whole record whose checksum does not match: damaged bytes, or zeros or garbage left by a crash.</summary>
        ChecksumMismatch,
    }

    /// <summary>The encoded size of a record of <paramref name="payloadLength"/> bytes.</summary>
    public static int Length(int payloadLength)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(payloadLength);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(payloadLength, int.MaxValue - HeaderSize);
        return HeaderSize + payloadLength;
    }

    /// <summary>The record holding <paramref name="payload"/>.</summary>
    public static byte[] Encode(ReadOnlySpan<byte> payload)
    {
        var record = new byte[Length(payload.Length)];
        Fixed.Write32(record, (uint)payload.Length);
        Fixed.Write32(record.AsSpan(4), Crc32C.Mask(Crc32C.Compute(payload)));
        payload.CopyTo(record.AsSpan(HeaderSize));
        return record;
    }

    /// <summary>Reads the record at the start of <paramref name="source"/>.</summary>
    /// <param name="source">The bytes; the record, if any, starts at offset 0.</param>
    /// <param name="payload">On <see cref="ReadStatus.Ok"/>, the payload (a slice of <paramref name="source"/>); otherwise empty.</param>
    /// <param name="consumed">On <see cref="ReadStatus.Ok"/>, the record's size; otherwise 0.</param>
    public static ReadStatus TryRead(ReadOnlySpan<byte> source, out ReadOnlySpan<byte> payload, out int consumed)
    {
        payload = default;
        consumed = 0;
        if (source.Length < HeaderSize)
        {
            return ReadStatus.Truncated;
        }

        var length = Fixed.Read32(source);
        if (length > (uint)(source.Length - HeaderSize))
        {
            return ReadStatus.Truncated;
        }

        var body = source.Slice(HeaderSize, (int)length);
        if (Crc32C.Mask(Crc32C.Compute(body)) != Fixed.Read32(source[4..]))
        {
            return ReadStatus.ChecksumMismatch;
        }

        payload = body;
        consumed = HeaderSize + (int)length;
        return ReadStatus.Ok;
    }
}
