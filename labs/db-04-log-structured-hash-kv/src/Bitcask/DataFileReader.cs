using System.Buffers;
using FromScratch.Shared.Checksums;
using FromScratch.Shared.Coding;
using FromScratch.Shared.FileSystems;
using FromScratch.Shared.IO;

namespace FromScratch.Bitcask;

/// <summary>
/// Reads records of a data file (format in <c>DataFileWriter.cs</c>): one record at a known offset
/// (<see cref="ReadAt"/>, what a <c>Get</c> does with the key directory's pointer), every record in
/// order (<see cref="ReadAll"/>), or a recovery scan that separates valid records from damage
/// (<see cref="Scan"/>).
/// <para>
/// A record is valid when its header is complete, its kind and sizes are possible, it ends inside
/// the file, and its checksum matches. Nothing that fails these checks is ever returned: the
/// strict methods throw <see cref="CorruptionException"/> with the file and offset, and the scan
/// reports the range as <see cref="DataFileDamage"/>.
/// </para>
/// <para>Thread-safety: every method is safe to call concurrently (positional reads, no shared
/// state), also while a <see cref="DataFileWriter"/> appends to the same file.</para>
/// </summary>
public sealed class DataFileReader
{
    private readonly IFileHandle _file;

    /// <summary>Reads through <paramref name="file"/>, which the caller keeps open and closes.</summary>
    public DataFileReader(IFileHandle file)
    {
        ArgumentNullException.ThrowIfNull(file);
        _file = file;
    }

    /// <summary>The file's path.</summary>
    public string Path => _file.Path;

    /// <summary>Reads the record at <paramref name="offset"/>, whose size is <paramref name="size"/> bytes.</summary>
    /// <exception cref="CorruptionException">The bytes there are not a valid record of that size.</exception>
    public DataRecord ReadAt(long offset, int size)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(offset);
        if (size < DataFileWriter.HeaderSize)
        {
            throw new CorruptionException(Path, offset, $"a record size of {size} is smaller than a header ({DataFileWriter.HeaderSize} bytes)");
        }

        var buffer = new byte[size];
        var got = _file.Read(buffer, offset);
        if (got < size)
        {
            throw new CorruptionException(Path, offset, $"record of {size} bytes is cut short: the file ends after {got} of them");
        }

        var problem = Check(buffer, size, out var recordLength);
        if (problem is null && recordLength != size)
        {
            problem = $"record is {recordLength} bytes, but {size} were expected";
        }
        if (problem is not null)
        {
            throw new CorruptionException(Path, offset, problem);
        }
        return Decode(buffer, offset);
    }

    /// <summary>
    /// Reads the value of the put at <paramref name="offset"/> and checks it belongs to
    /// <paramref name="expectedKey"/> (a key directory pointing at the wrong record is corruption
    /// too); null if the record there is a tombstone.
    /// </summary>
    /// <exception cref="CorruptionException">The record is invalid or holds another key.</exception>
    public byte[]? ReadValue(long offset, int size, ReadOnlySpan<byte> expectedKey)
    {
        // The hot path of Get on a file that is not memory-mapped: one read into a pooled buffer,
        // the checks of ReadAt, and one copy (the value).
        ArgumentOutOfRangeException.ThrowIfNegative(offset);
        if (size < DataFileWriter.HeaderSize)
        {
            throw new CorruptionException(Path, offset, $"a record size of {size} is smaller than a header ({DataFileWriter.HeaderSize} bytes)");
        }

        var buffer = ArrayPool<byte>.Shared.Rent(size);
        try
        {
            var record = buffer.AsSpan(0, size);
            var got = _file.Read(record, offset);
            if (got < size)
            {
                throw new CorruptionException(Path, offset, $"record of {size} bytes is cut short: the file ends after {got} of them");
            }
            return ValueOf(Path, offset, record, expectedKey);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    /// <summary>
    /// The value of the put in <paramref name="record"/>, the whole record the key directory points
    /// at (read from <paramref name="path"/> at <paramref name="offset"/>, which only name it in
    /// errors), after the checks of <see cref="ReadAt"/> and that it holds <paramref name="expectedKey"/>;
    /// null if it is a tombstone. How both read paths of <c>Get</c> check what they read: a
    /// <c>pread</c> into a buffer (<see cref="ReadValue"/>) and a memory-mapped file.
    /// </summary>
    /// <exception cref="CorruptionException">The record is invalid, not of the record's length, or holds another key.</exception>
    internal static byte[]? ValueOf(string path, long offset, ReadOnlySpan<byte> record, ReadOnlySpan<byte> expectedKey)
    {
        if (record.Length < DataFileWriter.HeaderSize)
        {
            throw new CorruptionException(path, offset, $"a record size of {record.Length} is smaller than a header ({DataFileWriter.HeaderSize} bytes)");
        }
        var problem = Check(record, record.Length, out var recordLength);
        if (problem is null && recordLength != record.Length)
        {
            problem = $"record is {recordLength} bytes, but {record.Length} were expected";
        }
        if (problem is not null)
        {
            throw new CorruptionException(path, offset, problem);
        }

        var keySize = Fixed.Read16(record[13..]);
        if (!expectedKey.SequenceEqual(record.Slice(DataFileWriter.HeaderSize, keySize)))
        {
            throw new CorruptionException(path, offset, "the record holds a different key than the key directory says");
        }
        var kind = (RecordKind)(record[12] & ~DataFileWriter.BatchContinuesFlag);
        return kind == RecordKind.Delete ? null : record[(DataFileWriter.HeaderSize + keySize)..].ToArray();
    }

    /// <summary>Every record from <paramref name="start"/> to the end of the file, in order.</summary>
    /// <exception cref="CorruptionException">At the first invalid record, torn tail included (the exception names its offset).</exception>
    public IEnumerable<DataRecord> ReadAll(long start = 0)
    {
        var offset = start;
        var length = _file.Length;
        while (offset < length)
        {
            var record = TryRead(offset, length, out var problem)
                ?? throw new CorruptionException(Path, offset, problem!);
            yield return record;
            offset = record.End;
        }
    }

    /// <summary>
    /// Reads every valid record from <paramref name="start"/> on and reports what is not valid.
    /// </summary>
    /// <param name="start">Where the first record starts.</param>
    /// <param name="resynchronize">
    /// After damage, look for the next offset where a valid record starts and carry on from there
    /// (how the store reads a file that was complete and synced before it was closed, so that one
    /// bad record costs only itself). Without it the scan stops at the first damage (how the store
    /// reads the file that was being appended to at a crash, whose records after a hole are not a
    /// prefix of what was written).
    /// </param>
    /// <returns>The records, the valid prefix's length, and the damage.</returns>
    public DataFileScanResult Scan(long start = 0, bool resynchronize = false)
    {
        var records = new List<DataRecord>();
        var damage = new List<DataFileDamage>();
        var length = _file.Length;
        var offset = start;
        long? validLength = null;
        while (offset < length)
        {
            var record = TryRead(offset, length, out var problem);
            if (record is not null)
            {
                records.Add(record);
                offset = record.End;
                continue;
            }

            validLength ??= offset;
            var next = FindNextValid(offset + 1, length);
            damage.Add(new DataFileDamage(Path, offset, (next ?? length) - offset, problem!, IsTornTail: next is null));
            if (next is null || !resynchronize)
            {
                break;
            }
            offset = next.Value;
        }
        return new DataFileScanResult(records, validLength ?? offset, damage);
    }

    // The first offset at or after `from` where a valid record starts, or null. Reads the file in
    // windows and checks each candidate's header in memory first, so a long run of zeros or garbage
    // costs one read per window, not one per byte.
    private long? FindNextValid(long from, long length)
    {
        const int Window = 64 * 1024;
        var buffer = ArrayPool<byte>.Shared.Rent(Window + DataFileWriter.HeaderSize);
        try
        {
            for (var windowStart = from; windowStart + DataFileWriter.HeaderSize <= length; windowStart += Window)
            {
                var got = _file.Read(buffer.AsSpan(0, Window + DataFileWriter.HeaderSize), windowStart);
                for (var i = 0; i < Window && i + DataFileWriter.HeaderSize <= got; i++)
                {
                    var candidate = windowStart + i;
                    if ((buffer[i + 12] & ~DataFileWriter.BatchContinuesFlag) is not ((byte)RecordKind.Put or (byte)RecordKind.Delete))
                    {
                        continue;   // no record starts here (the kind byte is wrong): the common case in zeros or garbage
                    }
                    if (CheckHeader(buffer.AsSpan(i, DataFileWriter.HeaderSize), out var recordLength) is null
                        && candidate + recordLength <= length
                        && TryRead(candidate, length, out _) is not null)
                    {
                        return candidate;
                    }
                }
            }
            return null;
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private DataRecord? TryRead(long offset, long fileLength, out string? problem)
    {
        Span<byte> header = stackalloc byte[DataFileWriter.HeaderSize];
        var got = _file.Read(header, offset);
        if (got < DataFileWriter.HeaderSize)
        {
            problem = $"record header cut short: {got} of {DataFileWriter.HeaderSize} bytes before the end of the file";
            return null;
        }

        problem = CheckHeader(header, out var recordLength);
        if (problem is not null)
        {
            return null;
        }
        if (offset + recordLength > fileLength)
        {
            problem = $"record of {recordLength} bytes cut short: the file ends {fileLength - offset} bytes after its start";
            return null;
        }

        var buffer = new byte[recordLength];
        if (_file.Read(buffer, offset) < recordLength)
        {
            problem = "record cut short (the file shrank while it was read)";
            return null;
        }
        problem = Check(buffer, buffer.Length, out _);
        return problem is null ? Decode(buffer, offset) : null;
    }

    // Checks the header's fields; on success `recordLength` is the whole record's size.
    private static string? CheckHeader(ReadOnlySpan<byte> header, out long recordLength)
    {
        var kindByte = header[12];
        var kind = (RecordKind)(kindByte & ~DataFileWriter.BatchContinuesFlag);
        var keySize = Fixed.Read16(header[13..]);
        var valueSize = Fixed.Read32(header[15..]);
        recordLength = DataFileWriter.HeaderSize + (long)keySize + valueSize;
        if (kind is not (RecordKind.Put or RecordKind.Delete))
        {
            return $"unknown record kind 0x{kindByte:x2}";
        }
        if (keySize == 0)
        {
            return "key size 0";
        }
        if (valueSize > DataFileWriter.MaxValueLength)
        {
            return $"value size {valueSize} exceeds the maximum {DataFileWriter.MaxValueLength}";
        }
        if (kind == RecordKind.Delete && valueSize != 0)
        {
            return $"tombstone with a value size of {valueSize}";
        }
        return null;
    }

    // Checks a whole record in `buffer[..available]`.
    private static string? Check(ReadOnlySpan<byte> buffer, int available, out long recordLength)
    {
        var problem = CheckHeader(buffer, out recordLength);
        if (problem is not null)
        {
            return problem;
        }
        if (recordLength > available)
        {
            return $"record of {recordLength} bytes does not fit in the {available} bytes read";
        }

        var record = buffer[..(int)recordLength];
        var stored = Fixed.Read32(record);
        var computed = Crc32C.Mask(Crc32C.Compute(record[4..]));
        return stored == computed ? null : $"checksum mismatch: stored 0x{stored:x8}, computed 0x{computed:x8}";
    }

    private static DataRecord Decode(byte[] record, long offset)
    {
        var kindByte = record[12];
        var keySize = Fixed.Read16(record.AsSpan(13));
        var valueSize = (int)Fixed.Read32(record.AsSpan(15));
        var key = record.AsSpan(DataFileWriter.HeaderSize, keySize).ToArray();
        var value = record.AsSpan(DataFileWriter.HeaderSize + keySize, valueSize).ToArray();
        return new DataRecord(
            offset,
            record.Length,
            Fixed.Read64(record.AsSpan(4)),
            (RecordKind)(kindByte & ~DataFileWriter.BatchContinuesFlag),
            (kindByte & DataFileWriter.BatchContinuesFlag) != 0,
            key,
            value);
    }
}
