using FromScratch.Shared.Checksums;

namespace FromScratch.Wal;

// The log file format, byte-compatible with LevelDB's db/log_format.h and doc/log_format.md.
//
// Grammar
// -------
//   log      := block* partial-block?
//   block    := physical-record* trailer              exactly BlockSize (32768) bytes
//   trailer  := 0x00{0..6}                            fills a block tail too short for a header
//   physical-record := header payload
//   header   := checksum:fixed32 length:fixed16 type:uint8        HeaderSize = 4 + 2 + 1 = 7
//   checksum := Mask(CRC32C(type || payload))         little-endian; Mask = rotate right 15, + 0xA282EAD8
//   length   := payload length in bytes, little-endian, 0 .. BlockSize - HeaderSize
//   type     := ZERO=0 (reserved: preallocated, zero-filled space)
//             | FULL=1 | FIRST=2 | MIDDLE=3 | LAST=4
//
//   A logical record (the bytes a caller appended) is stored as one FULL physical record, or
//   as FIRST MIDDLE* LAST when it does not fit in the rest of the current block. A physical
//   record never crosses a block boundary, and neither does a header: when fewer than 7 bytes
//   remain in a block they are zero-filled and the next record starts at the next block.
//   When exactly 7 bytes remain, a record starts there with an empty FIRST fragment (LevelDB's
//   writer does the same, so this is part of the format). A zero-length record is one FULL
//   header with no payload.
//
// Worked example: append "hello" (5 B), then 40,000 B, then 25,500 B, then "" (0 B)
// ---------------------------------------------------------------------------------
//   offset  bytes                       meaning
//   0       0b b9 57 58 05 00 01        FULL, length 5, checksum Mask(CRC32C(01 'hello')) = 0x5857b90b
//   7       68 65 6c 6c 6f              "hello"
//   12      cc cc cc cc ad 7f 02        FIRST, length 32,749 (0x7fed): fills block 0 to 32,768
//   19      ... 32,749 payload bytes
//   32768   cc cc cc cc 53 1c 04        LAST, length 7,251 (0x1c53): 32,749 + 7,251 = 40,000
//   32775   ... 7,251 payload bytes
//   40026   cc cc cc cc 9c 63 01        FULL, length 25,500 (0x639c), ends at 65,533
//   65533   00 00 00                    trailer: 3 bytes < HeaderSize, zero-filled
//   65536   05 2b 28 43 00 00 01        FULL, length 0 (the empty record), file length 65,543
//   (cc = checksum bytes that depend on the payload)
//
//   block 0                                   block 1                                block 2
//   |FULL 7+5|FIRST 7+32749 .................|LAST 7+7251|FULL 7+25500 ........|000|FULL 7+0|

/// <summary>
/// Constants and helpers of the log format (LevelDB <c>db/log_format.h</c>): 32 KiB blocks,
/// 7-byte physical-record headers (masked CRC32C, little-endian length, type).
/// </summary>
public static class LogFormat
{
    /// <summary>Size of a block. Physical records and headers never cross a block boundary.</summary>
    public const int BlockSize = 32 * 1024;

    /// <summary>Size of a physical-record header: checksum (4) + length (2) + type (1).</summary>
    public const int HeaderSize = 4 + 2 + 1;

    /// <summary>The largest payload one physical record can carry (a whole block minus its header).</summary>
    public const int MaxFragmentLength = BlockSize - HeaderSize;

    /// <summary>The highest record type the format defines (<see cref="RecordType.Last"/>).</summary>
    public const RecordType MaxRecordType = RecordType.Last;

    /// <summary>
    /// The value stored in a header's checksum field: the masked CRC32C of the type byte followed
    /// by the payload. Masking (see <see cref="Crc32C.Mask"/>) keeps a CRC of data that itself
    /// contains CRCs from being weak.
    /// </summary>
    /// <param name="type">The physical record's type byte.</param>
    /// <param name="payload">The fragment's payload.</param>
    /// <returns>The masked checksum, as written little-endian in the header's first four bytes.</returns>
    public static uint MaskedChecksum(RecordType type, ReadOnlySpan<byte> payload)
    {
        ReadOnlySpan<byte> typeByte = [(byte)type];
        return Crc32C.Mask(Crc32C.Extend(Crc32C.Compute(typeByte), payload));
    }
}
