using System.Buffers;
using FromScratch.Shared.Checksums;
using FromScratch.Shared.Coding;
using FromScratch.Shared.FileSystems;

namespace FromScratch.Bitcask;

// The data file format.
//
// A data file (000001.data, 000002.data, ...) is a sequence of records, appended and never
// changed in place. There is no file header, no block structure and no padding: the first record
// starts at offset 0 and each record starts where the previous one ended.
//
// Grammar
// -------
//   data-file := record*
//   record    := header key value
//   header    := checksum:fixed32 sequence:fixed64 kind:uint8 key_size:fixed16 value_size:fixed32
//
//   offset  size  field
//   0       4     checksum    Mask(CRC32C(bytes 4 .. end of record)): header fields, key and value
//   4       8     sequence    store-wide sequence number; of two records of a key the higher is newer
//   12      1     kind        low 7 bits: 1 = Put, 2 = Delete (tombstone); bit 7 (0x80) = "batch continues"
//   13      2     key_size    1 .. 65,535
//   15      4     value_size  0 .. MaxValueLength; always 0 for a Delete
//   19      key_size          the key
//   19+ks   value_size        the value
//                             HeaderSize = 4 + 8 + 1 + 2 + 4 = 19
//
//   All integers are little-endian. Mask is LevelDB's CRC mask (rotate right 15, add 0xA282EAD8),
//   see Crc32C.Mask. The checksum covers every other byte of the record, so a flipped bit anywhere
//   in it, a record cut short by a crash, and zeros where the record should be are all detected.
//
//   "Batch continues" marks every record of a WriteBatch but its last. On recovery a batch counts
//   only when its last record (flag clear) is intact, which makes a batch atomic: a crash that
//   tears it leaves none of it.
//
// Worked example: Put(seq 1, "a", "xyz"), then Delete(seq 2, "a")
// -----------------------------------------------------------------
//   offset  bytes                                            meaning
//   0       cc cc cc cc                                      checksum of bytes 4..22
//   4       01 00 00 00 00 00 00 00                          sequence 1
//   12      01                                               Put, batch flag clear
//   13      01 00                                            key size 1
//   15      03 00 00 00                                      value size 3
//   19      61                                               "a"
//   20      78 79 7a                                         "xyz"           (record size 23)
//   23      cc cc cc cc 02 00 00 00 00 00 00 00 02 01 00     tombstone for "a": sequence 2, Delete,
//   38      00 00 00 00 61                                   key size 1, value size 0, "a" (size 20)
//   (cc = checksum bytes; file length 43)
//
// How this differs from Bitcask (basho/bitcask, bitcask_fileops.erl and include/bitcask.hrl)
// ------------------------------------------------------------------------------------------
//   Bitcask's header is crc32:32 tstamp:32 key_sz:16 value_sz:32 (14 bytes, big-endian, CRC-32
//   IEEE over the rest of the record), and a delete is a put of the magic value
//   <<"bitcask_tombstone">>. Here the wall-clock timestamp is replaced by a sequence number (a clock
//   can step backwards; a counter cannot), a kind byte makes tombstones unambiguous and carries the
//   batch flag, and the checksum is CRC32C (hardware-accelerated) like the rest of this curriculum.

/// <summary>
/// Appends records to one data file (format above). The store has at most one writer, on the
/// active file; merge has one per output file.
/// <para>
/// Invariants: (1) <see cref="Length"/> is the offset where the next record goes, and every byte
/// below it was written by this writer or was already in the file when it was opened; (2) a record
/// is written with a single positional write (or a single copy into the map, below), so a crash
/// leaves it whole, missing, or torn, and a torn record fails its checksum.
/// </para>
/// <para><b>Appending through a memory map</b> (the store's active file on the real file system):
/// a <c>pwrite</c> per record costs a system call, about 1 µs on the lab's machine, most of a
/// <c>Put</c>. With a map the writer copies the record into a shared, writable map of the file
/// instead, and the bytes are in the page cache when the copy ends, exactly where a <c>pwrite</c>
/// would have put them: a process that dies (kill -9) loses nothing it appended, a power loss loses
/// what was not synced, and <see cref="Sync"/> makes it durable.
/// <code>
///   file:  | records ... | zeros written ahead (reserved) |  hole (sparse)  |
///          0             Length                            reserved end      capacity = the map's length
/// </code>
/// A map cannot grow with the file, so the file is first extended to its capacity (MaxFileSize; the
/// extension is a hole, no disk blocks). A page of a hole that is first touched through a map must
/// get its disk block inside the page fault: slower (about twice the time per record of
/// reserved pages in the experiment of docs/analysis.md), and on a full disk the fault cannot fail politely, the process gets SIGBUS.
/// So the writer reserves ahead: before a record goes past the reserved end, it writes 1 MiB of
/// zeros there with an ordinary <c>pwrite</c>, which allocates the blocks (or throws
/// <see cref="IOException"/> on a full disk) and leaves the pages in the page cache for the copies.
/// The zeros past <see cref="Length"/> are never a record: recovery cuts a file at its first
/// invalid record, and zeros are one (kind 0); the store cuts the file to <see cref="Length"/>
/// itself when it closes it (<see cref="StopMapping"/>). A record that does not fit in the map (one
/// larger than MaxFileSize, alone in its file) is written with <c>pwrite</c>.</para>
/// <para>Thread-safety: not thread-safe; the caller serialises appends. <see cref="Length"/> may be
/// read from any thread (it is read with a volatile load), and <see cref="Sync"/> may run on
/// another thread while one appends.</para>
/// </summary>
public sealed class DataFileWriter : IDisposable
{
    /// <summary>Size of a record header: checksum (4) + sequence (8) + kind (1) + key size (2) + value size (4).</summary>
    public const int HeaderSize = 4 + 8 + 1 + 2 + 4;

    /// <summary>The longest key a record can hold (the key-size field is 16 bits).</summary>
    public const int MaxKeyLength = ushort.MaxValue;

    /// <summary>The longest value a record can hold (1 GiB, so a record always fits in one array).</summary>
    public const int MaxValueLength = 1 << 30;

    /// <summary>The bit of the kind byte that marks a record of a batch that is not the batch's last.</summary>
    public const byte BatchContinuesFlag = 0x80;

    /// <summary>How far ahead of the records a mapped writer reserves the file with zeros.</summary>
    internal const int ReserveAhead = 1 << 20;

    private static readonly byte[] Zeros = new byte[ReserveAhead];

    private readonly IFileHandle _file;
    private readonly bool _ownsFile;
    private long _length;
    private MappedFile? _map;
    private long _reservedEnd;

    /// <summary>Starts appending at the current end of <paramref name="file"/>.</summary>
    /// <param name="file">The data file, opened for writing.</param>
    /// <param name="ownsFile">Whether <see cref="Dispose"/> closes <paramref name="file"/>.</param>
    public DataFileWriter(IFileHandle file, bool ownsFile = false)
    {
        ArgumentNullException.ThrowIfNull(file);
        _file = file;
        _ownsFile = ownsFile;
        _length = file.Length;
    }

    /// <summary>
    /// Appends at <paramref name="length"/> through <paramref name="map"/>, a writable map of
    /// <paramref name="file"/>, which is at least as long as the map (see the type's comment).
    /// </summary>
    internal DataFileWriter(IFileHandle file, long length, MappedFile map)
    {
        _file = file;
        _length = length;
        _reservedEnd = length;
        _map = map;
    }

    /// <summary>The file's path.</summary>
    public string Path => _file.Path;

    /// <summary>Whether records are copied into a map (<see cref="StopMapping"/> ends it).</summary>
    internal bool IsMapped => _map is not null;

    /// <summary>The file's length: where the next record will start.</summary>
    public long Length => Volatile.Read(ref _length);

    /// <summary>The size of a record with a key of <paramref name="keyLength"/> and a value of <paramref name="valueLength"/> bytes.</summary>
    public static int RecordLength(int keyLength, int valueLength) => HeaderSize + keyLength + valueLength;

    /// <summary>Encodes one record into the start of <paramref name="destination"/>.</summary>
    /// <param name="destination">At least <see cref="RecordLength"/> bytes.</param>
    /// <param name="sequence">The record's sequence number.</param>
    /// <param name="kind">Put or delete.</param>
    /// <param name="key">1 to <see cref="MaxKeyLength"/> bytes.</param>
    /// <param name="value">The value of a put (up to <see cref="MaxValueLength"/> bytes); must be empty for a delete.</param>
    /// <param name="batchContinues">Whether more records of the same batch follow.</param>
    /// <returns>The number of bytes written.</returns>
    /// <exception cref="ArgumentException">The key is empty or too long, the value too long, a delete has a value, or the destination is too small.</exception>
    public static int Encode(Span<byte> destination, ulong sequence, RecordKind kind, ReadOnlySpan<byte> key, ReadOnlySpan<byte> value, bool batchContinues = false)
    {
        Validate(kind, key, value);
        var length = RecordLength(key.Length, value.Length);
        if (destination.Length < length)
        {
            throw new ArgumentException($"The destination holds {destination.Length} bytes; the record needs {length}.", nameof(destination));
        }

        var record = destination[..length];
        Fixed.Write64(record[4..], sequence);
        record[12] = (byte)((byte)kind | (batchContinues ? BatchContinuesFlag : 0));
        Fixed.Write16(record[13..], (ushort)key.Length);
        Fixed.Write32(record[15..], (uint)value.Length);
        key.CopyTo(record[HeaderSize..]);
        value.CopyTo(record[(HeaderSize + key.Length)..]);
        Fixed.Write32(record, Crc32C.Mask(Crc32C.Compute(record[4..])));
        return length;
    }

    /// <summary>Appends one record.</summary>
    /// <returns>The offset at which the record starts.</returns>
    /// <exception cref="ArgumentException">See <see cref="Encode"/>.</exception>
    /// <exception cref="IOException">The write failed; the file may hold a torn record at the returned offset.</exception>
    public long Append(ulong sequence, RecordKind kind, ReadOnlySpan<byte> key, ReadOnlySpan<byte> value, bool batchContinues = false)
    {
        Validate(kind, key, value);
        var length = RecordLength(key.Length, value.Length);
        var buffer = ArrayPool<byte>.Shared.Rent(length);
        try
        {
            Encode(buffer, sequence, kind, key, value, batchContinues);
            return AppendEncoded(buffer.AsSpan(0, length));
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    /// <summary>Appends records already encoded with <see cref="Encode"/>, in one write (how a batch is written).</summary>
    /// <returns>The offset at which the first record starts.</returns>
    public long AppendEncoded(ReadOnlySpan<byte> records)
    {
        var offset = _length;
        var end = offset + records.Length;
        if (_map is { } map && end <= map.Length)
        {
            while (end > _reservedEnd)
            {
                // Allocates the disk blocks with a pwrite (a full disk throws here, not in a page
                // fault) and puts the pages in the page cache for the copies that follow.
                var reserve = (int)Math.Min(ReserveAhead, map.Length - _reservedEnd);
                _file.Write(Zeros.AsSpan(0, reserve), _reservedEnd);
                _reservedEnd += reserve;
            }
            map.Write(offset, records);
        }
        else
        {
            _file.Write(records, offset);
        }
        Volatile.Write(ref _length, end);
        return offset;
    }

    /// <summary>
    /// Makes every record appended so far durable (fdatasync). Through a map: Linux's fdatasync
    /// writes back every dirty page of the file, those dirtied through a shared map included;
    /// elsewhere the map is flushed first (<c>msync</c>, <c>FlushViewOfFile</c>), since the file's
    /// sync alone is not promised to see them.
    /// </summary>
    public void Sync()
    {
        if (_map is { } map && !OperatingSystem.IsLinux())
        {
            map.Flush();
        }
        _file.Sync(FileSyncKind.Data);
    }

    /// <summary>
    /// Stops appending through the map: later appends and syncs use the file handle. The caller then
    /// unmaps the file and cuts it to <see cref="Length"/>, dropping the reserved zeros (in that
    /// order: Windows cannot shorten a mapped file), and syncs it, which makes the new length
    /// durable with the records.
    /// </summary>
    internal void StopMapping() => _map = null;

    /// <summary>Closes the file if this writer owns it. Does not sync.</summary>
    public void Dispose()
    {
        if (_ownsFile)
        {
            _file.Dispose();
        }
    }

    private static void Validate(RecordKind kind, ReadOnlySpan<byte> key, ReadOnlySpan<byte> value)
    {
        if (key.IsEmpty || key.Length > MaxKeyLength)
        {
            throw new ArgumentException($"A key must be 1 to {MaxKeyLength} bytes long; got {key.Length}.", nameof(key));
        }
        if (value.Length > MaxValueLength)
        {
            throw new ArgumentException($"A value must be at most {MaxValueLength} bytes long; got {value.Length}.", nameof(value));
        }
        if (kind == RecordKind.Delete && !value.IsEmpty)
        {
            throw new ArgumentException("A tombstone carries no value.", nameof(value));
        }
        if (kind is not (RecordKind.Put or RecordKind.Delete))
        {
            throw new ArgumentOutOfRangeException(nameof(kind), kind, "Unknown record kind.");
        }
    }
}
