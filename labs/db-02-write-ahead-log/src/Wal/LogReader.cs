using FromScratch.Shared.Coding;
using FromScratch.Shared.FileSystems;

namespace FromScratch.Wal;

/// <summary>
/// Reads logical records back from a log (LevelDB <c>log::Reader</c>): reads one 32 KiB block at
/// a time, verifies each fragment's checksum, reassembles FIRST/MIDDLE/LAST fragments, and reports
/// every stretch it has to drop to an <see cref="ICorruptionReporter"/>. It never returns a record
/// any of whose bytes failed a check.
/// </summary>
/// <remarks>
/// <para><b>Resynchronisation.</b> A bad header or checksum makes the reader drop the rest of the
/// block: once a length may be wrong, nothing later in the block can be trusted to be a header. The
/// writer starts every block with a header, so reading resumes at the next block boundary. A
/// fragmented record that loses a fragment is dropped whole and reported.</para>
/// <para><b>Torn tails.</b> A crash in the middle of an append leaves an incomplete header, an
/// incomplete payload, or a FIRST/MIDDLE without its LAST at the end of the file. That is not data
/// and not damage; it is reported with <see cref="LogCorruption.IsTornTail"/> set.</para>
/// <para><b>Starting at an offset.</b> With an initial offset the reader starts at the block that
/// contains it (the next block if the offset lies in a trailer), skips MIDDLE and LAST fragments of
/// a record that began earlier, skips physical records that start before the offset, and reports
/// only drops at or after the offset.</para>
/// <para><b>Where this differs from LevelDB 1.23</b> (each difference reports more, never returns more):</para>
/// <list type="number">
/// <item>LevelDB drops a torn tail silently (a file that ends inside a header, inside a payload, or
/// inside a fragmented record); this reader reports it, flagged as a torn tail. (A tail whose header
/// survived but whose payload fails the CRC is a reported checksum mismatch in both.)</item>
/// <item>At end of file LevelDB treats any header whose length runs past the data as a torn tail.
/// Here that holds only when the claimed fragment would still fit in its block (a writer could
/// have died writing it); a length that crosses the block boundary cannot come from the writer and
/// is reported as corruption ("bad record length").</item>
/// <item>LevelDB skips a type-0, length-0 header (preallocated space) and, silently, the rest of the
/// block. Here that is silent only when the rest of the block is all zeros; otherwise the header
/// goes through the checksum test like any other and its failure is reported.</item>
/// <item>LevelDB does not report an abandoned FIRST fragment with an empty payload; here every
/// abandoned logical record is reported, even with 0 payload bytes.</item>
/// <item>LevelDB stops resynchronising after skipping any fragment that starts before the initial
/// offset, so when that fragment is a FIRST, the LAST in the next block is reported as "missing
/// start". Here skipping a FIRST or MIDDLE keeps the reader resynchronising, so nothing is reported.</item>
/// <item>A torn tail inside a fragmented record is reported once, covering the record from its
/// first header to the end of the file.</item>
/// <item>A read error from the stream propagates as an exception instead of being reported as a
/// dropped block and treated as end of file.</item>
/// </list>
/// <para>Not thread-safe. A returned record is valid until the next call to <see cref="TryReadRecord"/>.</para>
/// </remarks>
public sealed class LogReader : IDisposable
{
    private const int EndOfFile = -1;
    private const int BadRecord = -2;
    private const int SkippedBeforeInitialOffset = -3;

    private readonly Stream _stream;
    private readonly bool _leaveOpen;
    private readonly ICorruptionReporter? _reporter;
    private readonly long _initialOffset;
    private readonly byte[] _block = new byte[LogFormat.BlockSize];
    private byte[] _scratch = new byte[LogFormat.BlockSize];
    private int _scratchLength;
    private int _blockLength;
    private int _position;
    private long _blockStart;
    private long _nextBlockStart;
    private bool _eof;
    private bool _started;
    private bool _resyncing;
    private LogCorruption? _tornTail;

    /// <summary>Creates a reader over <paramref name="stream"/>, whose position 0 is the log's offset 0.</summary>
    /// <param name="stream">The log's bytes. Seekable streams are positioned at the initial block; others are read from their current position, which must be offset 0.</param>
    /// <param name="reporter">Receives every drop; null to ignore them.</param>
    /// <param name="initialOffset">Return only records that start at or after this file offset.</param>
    /// <param name="leaveOpen">Whether <see cref="Dispose"/> leaves <paramref name="stream"/> open.</param>
    public LogReader(Stream stream, ICorruptionReporter? reporter = null, long initialOffset = 0, bool leaveOpen = false)
    {
        ArgumentNullException.ThrowIfNull(stream);
        ArgumentOutOfRangeException.ThrowIfNegative(initialOffset);
        if (!stream.CanRead)
        {
            throw new ArgumentException("The stream must be readable.", nameof(stream));
        }
        _stream = stream;
        _reporter = reporter;
        _initialOffset = initialOffset;
        _leaveOpen = leaveOpen;
        _resyncing = initialOffset > 0;
    }

    /// <summary>File offset of the first header of the last record returned (LevelDB <c>LastRecordOffset</c>).</summary>
    public long LastRecordOffset { get; private set; }

    /// <summary>File offset just past the last fragment of the last record returned: where a log
    /// that ends with that record ends. 0 before any record has been returned.</summary>
    public long LastRecordEnd { get; private set; }

    /// <summary>Opens a log file for reading.</summary>
    /// <param name="path">The log file.</param>
    /// <param name="reporter">Receives every drop; null to ignore them.</param>
    /// <param name="initialOffset">Return only records that start at or after this file offset.</param>
    /// <returns>A reader that owns the file.</returns>
    public static LogReader Open(string path, ICorruptionReporter? reporter = null, long initialOffset = 0) =>
        Open(RealFileSystem.Instance, path, reporter, initialOffset);

    /// <summary>
    /// Opens a log file on <paramref name="fileSystem"/> for reading, read-only and shared (a writer
    /// may have it open), through a <see cref="FileHandleStream"/>.
    /// </summary>
    /// <param name="fileSystem">The file system that holds the log.</param>
    /// <param name="path">The log file.</param>
    /// <param name="reporter">Receives every drop; null to ignore them.</param>
    /// <param name="initialOffset">Return only records that start at or after this file offset.</param>
    /// <returns>A reader that owns the file.</returns>
    public static LogReader Open(IFileSystem fileSystem, string path, ICorruptionReporter? reporter = null, long initialOffset = 0)
    {
        ArgumentNullException.ThrowIfNull(fileSystem);
        ArgumentException.ThrowIfNullOrEmpty(path);
        ArgumentOutOfRangeException.ThrowIfNegative(initialOffset);
        var stream = new FileHandleStream(fileSystem.OpenFile(path, FileOpenMode.OpenReadOnly));
        return new LogReader(stream, reporter, initialOffset);
    }

    /// <summary>Reads the next logical record.</summary>
    /// <param name="record">The record; valid until the next call.</param>
    /// <returns>False at the end of the log.</returns>
    public bool TryReadRecord(out ReadOnlyMemory<byte> record)
    {
        if (!_started)
        {
            _started = true;
            SkipToInitialBlock();
        }

        record = default;
        var inFragmentedRecord = false;
        long recordOffset = 0;
        _scratchLength = 0;

        while (true)
        {
            var kind = ReadPhysicalRecord(out var fragmentStart, out var fragmentLength, out var physicalOffset);

            if (kind == SkippedBeforeInitialOffset)
            {
                // A fragment that starts before the initial offset: if its record continues, skip
                // the continuation too (fragmentStart carries the skipped fragment's type).
                _resyncing = fragmentStart is (int)RecordType.First or (int)RecordType.Middle;
                continue;
            }

            if (_resyncing)
            {
                // Starting mid-log: fragments that continue a record begun before the initial
                // block are not records of ours.
                if (kind == (int)RecordType.Middle)
                {
                    continue;
                }
                if (kind == (int)RecordType.Last)
                {
                    _resyncing = false;
                    continue;
                }
                _resyncing = false;
            }

            var fragment = _block.AsSpan(fragmentStart, fragmentLength);
            switch (kind)
            {
                case (int)RecordType.Full:
                    if (inFragmentedRecord)
                    {
                        ReportDrop(recordOffset, _scratchLength, "partial record without end");
                    }
                    record = _block.AsMemory(fragmentStart, fragmentLength);
                    LastRecordOffset = physicalOffset;
                    LastRecordEnd = physicalOffset + LogFormat.HeaderSize + fragmentLength;
                    return true;

                case (int)RecordType.First:
                    if (inFragmentedRecord)
                    {
                        ReportDrop(recordOffset, _scratchLength, "partial record without end");
                    }
                    recordOffset = physicalOffset;
                    _scratchLength = 0;
                    AppendToScratch(fragment);
                    inFragmentedRecord = true;
                    break;

                case (int)RecordType.Middle:
                    if (!inFragmentedRecord)
                    {
                        ReportDrop(physicalOffset, fragmentLength, "missing start of fragmented record (MIDDLE without FIRST)");
                    }
                    else
                    {
                        AppendToScratch(fragment);
                    }
                    break;

                case (int)RecordType.Last:
                    if (!inFragmentedRecord)
                    {
                        ReportDrop(physicalOffset, fragmentLength, "missing start of fragmented record (LAST without FIRST)");
                        break;
                    }
                    AppendToScratch(fragment);
                    record = _scratch.AsMemory(0, _scratchLength);
                    LastRecordOffset = recordOffset;
                    LastRecordEnd = physicalOffset + LogFormat.HeaderSize + fragmentLength;
                    return true;

                case EndOfFile:
                    if (inFragmentedRecord)
                    {
                        // The writer died between fragments of one record (or inside one): one
                        // torn tail, from the record's first header to the end of the file.
                        ReportDrop(recordOffset, _nextBlockStart - recordOffset, "incomplete fragmented record at end of file", isTornTail: true);
                        _scratchLength = 0;
                    }
                    else if (_tornTail is { } torn)
                    {
                        ReportDrop(torn.Offset, torn.BytesDropped, torn.Reason, isTornTail: true);
                    }
                    _tornTail = null;
                    return false;

                case BadRecord:
                    if (inFragmentedRecord)
                    {
                        ReportDrop(recordOffset, _scratchLength, "error in middle of record");
                        inFragmentedRecord = false;
                        _scratchLength = 0;
                    }
                    break;

                default:
                    ReportDrop(
                        inFragmentedRecord ? recordOffset : physicalOffset,
                        fragmentLength + (inFragmentedRecord ? _scratchLength : 0),
                        $"unknown record type {kind}");
                    inFragmentedRecord = false;
                    _scratchLength = 0;
                    break;
            }
        }
    }

    /// <summary>Reads every remaining record, copying each.</summary>
    /// <returns>The records in log order.</returns>
    public IEnumerable<byte[]> ReadRecords()
    {
        while (TryReadRecord(out var record))
        {
            yield return record.ToArray();
        }
    }

    /// <summary>Closes the stream unless the reader was created with <c>leaveOpen</c>.</summary>
    public void Dispose()
    {
        if (!_leaveOpen)
        {
            _stream.Dispose();
        }
    }

    // Returns a RecordType value (0..255) for a fragment that passed its checks; EndOfFile (a torn
    // tail, if any, is left in _tornTail for the caller to report once); BadRecord (something was
    // dropped); or SkippedBeforeInitialOffset, with the skipped fragment's type in fragmentStart.
    private int ReadPhysicalRecord(out int fragmentStart, out int fragmentLength, out long physicalOffset)
    {
        fragmentStart = 0;
        fragmentLength = 0;
        physicalOffset = 0;
        while (true)
        {
            var remaining = _blockLength - _position;
            if (remaining < LogFormat.HeaderSize)
            {
                if (!_eof)
                {
                    // A full block was read last time, so what is left is a trailer: skip it.
                    ReadNextBlock();
                    continue;
                }
                if (remaining > 0)
                {
                    var offset = _blockStart + _position;
                    var inTrailer = _position > LogFormat.BlockSize - LogFormat.HeaderSize;
                    _position = _blockLength;
                    if (!inTrailer)
                    {
                        _tornTail = new LogCorruption(offset, remaining, "truncated record header at end of file", IsTornTail: true);
                    }
                }
                return EndOfFile;
            }

            var header = _block.AsSpan(_position, LogFormat.HeaderSize);
            var expectedChecksum = Fixed.Read32(header);
            var length = Fixed.Read16(header[4..]);
            var type = header[6];
            var headerOffset = _blockStart + _position;

            if (LogFormat.HeaderSize + length > remaining)
            {
                var fitsInBlock = _position + LogFormat.HeaderSize + length <= LogFormat.BlockSize;
                _position = _blockLength;
                if (_eof && fitsInBlock)
                {
                    _tornTail = new LogCorruption(headerOffset, remaining, "truncated record at end of file", IsTornTail: true);
                    return EndOfFile;
                }
                ReportDrop(headerOffset, remaining, "bad record length");
                return BadRecord;
            }

            if (type == (byte)RecordType.Zero && length == 0 && _block.AsSpan(_position, remaining).IndexOfAnyExcept((byte)0) < 0)
            {
                // Preallocated, zero-filled space (LevelDB's mmap writer left such regions): not data.
                _position = _blockLength;
                return BadRecord;
            }

            var payload = _block.AsSpan(_position + LogFormat.HeaderSize, length);
            if (LogFormat.MaskedChecksum((RecordType)type, payload) != expectedChecksum)
            {
                // Drop the rest of the block: if the length is what was damaged, trusting it could
                // land on bytes that merely look like a header.
                _position = _blockLength;
                ReportDrop(headerOffset, remaining, "checksum mismatch");
                return BadRecord;
            }

            fragmentStart = _position + LogFormat.HeaderSize;
            fragmentLength = length;
            physicalOffset = headerOffset;
            _position += LogFormat.HeaderSize + length;

            if (headerOffset < _initialOffset)
            {
                fragmentStart = type;
                fragmentLength = 0;
                return SkippedBeforeInitialOffset;
            }
            return type;
        }
    }

    private void SkipToInitialBlock()
    {
        var offsetInBlock = _initialOffset % LogFormat.BlockSize;
        var blockStart = _initialOffset - offsetInBlock;
        if (offsetInBlock > LogFormat.BlockSize - 6)
        {
            // Only a trailer can follow: the first record that can start at or after the offset
            // is in the next block.
            blockStart += LogFormat.BlockSize;
        }

        if (blockStart > 0)
        {
            if (_stream.CanSeek)
            {
                _stream.Seek(blockStart, SeekOrigin.Begin);
            }
            else
            {
                var skipped = 0L;
                while (skipped < blockStart)
                {
                    var n = _stream.Read(_block, 0, (int)Math.Min(_block.Length, blockStart - skipped));
                    if (n == 0)
                    {
                        break;
                    }
                    skipped += n;
                }
                blockStart = skipped;
            }
        }
        _nextBlockStart = blockStart;
        _blockStart = blockStart;
    }

    private void ReadNextBlock()
    {
        _blockStart = _nextBlockStart;
        var read = 0;
        while (read < LogFormat.BlockSize)
        {
            var n = _stream.Read(_block, read, LogFormat.BlockSize - read);
            if (n == 0)
            {
                break;
            }
            read += n;
        }
        _blockLength = read;
        _position = 0;
        _nextBlockStart += read;
        if (read < LogFormat.BlockSize)
        {
            _eof = true;
        }
    }

    private void AppendToScratch(ReadOnlySpan<byte> fragment)
    {
        if (_scratchLength + fragment.Length > _scratch.Length)
        {
            Array.Resize(ref _scratch, Math.Max(_scratch.Length * 2, _scratchLength + fragment.Length));
        }
        fragment.CopyTo(_scratch.AsSpan(_scratchLength));
        _scratchLength += fragment.Length;
    }

    private void ReportDrop(long offset, long bytes, string reason, bool isTornTail = false)
    {
        if (_reporter is not null && offset >= _initialOffset)
        {
            _reporter.Report(new LogCorruption(offset, bytes, reason, isTornTail));
        }
    }
}
