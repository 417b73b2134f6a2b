using FromScratch.Shared.Coding;
using FromScratch.Shared.FileSystems;

namespace FromScratch.Wal;

// How a logical record becomes physical records (see LogFormat.cs for the full grammar and a
// worked example):
//
//   AddRecord(r):  left = |r|, first = true
//     repeat
//       if the block has < 7 bytes left: zero-fill them, move to the next block
//       n = min(left, bytes left in block - 7)           // may be 0: an empty FIRST fragment
//       type = FULL if first and n == left, FIRST if first, LAST if n == left, else MIDDLE
//       emit header(type, n) + n payload bytes
//     until left == 0                                      // a 0-byte record emits one FULL
//
// Invariants (checked in Debug at the end of AddRecord):
//   1. _blockOffset % BlockSize == Length % BlockSize: the writer's idea of the block position
//      agrees with the file length, including when it continues an existing (or truncated) log.
//   2. 0 <= _blockOffset <= BlockSize (it equals BlockSize right after a record that filled the
//      block exactly; the next record then starts a new block), and a header never starts at
//      _blockOffset > BlockSize - 7.
//   3. Bytes in _buffer are the file's bytes [_flushedLength, Length); nothing else is pending.
//   4. _syncedLength <= _flushedLength: the file's bytes [0, _syncedLength) were covered by a
//      successful sync (or were there, taken as durable, when the writer was opened).

/// <summary>
/// Appends records to a log file in LevelDB's format: fragments records across 32 KiB blocks,
/// checksums each fragment, zero-fills block trailers. Records are encoded into an in-memory
/// buffer; <see cref="Flush"/> hands it to the operating system with one positional write and
/// <see cref="Sync"/> makes it durable.
/// </summary>
/// <remarks>
/// <para><b>Buffering differs from LevelDB.</b> LevelDB's <c>log::Writer</c> hands every fragment
/// to the operating system as soon as it is encoded (<c>EmitPhysicalRecord</c> calls
/// <c>WritableFile::Flush</c> after each physical record), so a process crash loses at most the
/// record being written. This writer keeps records in its buffer
/// until <see cref="Flush"/>, <see cref="Sync"/>, <see cref="Dispose"/> or 64 KiB, so that a
/// group-commit batch costs one write system call; <see cref="WriteAheadLog"/> flushes after every
/// batch, before it acknowledges anything. The bytes on disk are the same either way.</para>
/// <para><b>File system.</b> Every file operation goes through an <see cref="IFileSystem"/> and
/// its <see cref="IFileHandle"/>: the overloads without one use <see cref="RealFileSystem.Instance"/>,
/// and db-03's crash simulator passes its <c>SimulatedFileSystem</c>.</para>
/// <para>Not thread-safe: one thread appends at a time (<see cref="WriteAheadLog"/> puts a
/// group-commit queue in front of it).</para>
/// <para>After an I/O exception (a failed write or sync) the writer refuses every later call with
/// an <see cref="IOException"/> whose message says it is unusable and whose
/// <see cref="Exception.InnerException"/> is the original failure. A failed positional write may
/// have written part of the buffer, so the tracked offset no longer describes the file; and after a
/// failed fsync the state of everything written since the last successful one is unknown (see
/// below), so a retry could report success for data that is not on disk. Reopen the log (which
/// recovers it) instead.</para>
/// <para><b>A failed sync cuts the file back.</b> On Linux a failed fsync marks the pages it could
/// not write clean: they stay in the page cache, so reads still return them, but no later fsync
/// writes them, and some of them may have reached the disk before the error. Left in place, those
/// bytes would be read back as records by a log reopened without a crash, and the records it
/// appended and synced next would sit behind them; a later crash that lost part of them would then
/// open a hole, and recovery, which keeps a prefix, would cut the new acknowledged records off.
/// So before the failure propagates, the writer truncates the file to the end of its last
/// successful sync (what was there when it was opened counts as synced) and fsyncs that cut: a
/// failed sync is treated like a power failure for everything no successful sync covered,
/// acknowledged non-durable records included. If the cut fails too, the file is left as it is.
/// The window that remains: a process that dies between the failed fsync and the cut.</para>
/// </remarks>
public sealed class LogWriter : IDisposable
{
    private const int FlushThreshold = 64 * 1024;
    private static readonly byte[] Zeros = new byte[LogFormat.HeaderSize];

    private readonly IFileHandle _file;
    private readonly bool _ownsFile;
    private readonly Action<IFileHandle> _sync;
    private byte[] _buffer;
    private int _buffered;
    private long _flushedLength;
    private long _syncedLength;
    private int _blockOffset;
    private Exception? _failure;
    private bool _disposed;

    /// <summary>
    /// Creates a writer that appends to <paramref name="file"/> starting at
    /// <paramref name="existingLength"/>, the current end of a valid log (0 for a new one).
    /// Like LevelDB's <c>log::Writer(dest, dest_length)</c>, the block position continues at
    /// <c>existingLength % BlockSize</c>; nothing is read or checked (use
    /// <see cref="LogRecovery"/> first if the log may have a torn tail).
    /// </summary>
    /// <param name="file">A handle opened for writing.</param>
    /// <param name="existingLength">The offset at which to append.</param>
    /// <param name="sync">How <see cref="Sync"/> makes data durable; <c>file.Sync(FileSyncKind.Data)</c>
    /// (fdatasync on the real disk) when null. A seam for tests: inject a failing or blocking sync.</param>
    /// <param name="ownsFile">Whether <see cref="Dispose"/> closes <paramref name="file"/>.</param>
    public LogWriter(IFileHandle file, long existingLength, Action<IFileHandle>? sync = null, bool ownsFile = false)
    {
        ArgumentNullException.ThrowIfNull(file);
        ArgumentOutOfRangeException.ThrowIfNegative(existingLength);
        _file = file;
        _ownsFile = ownsFile;
        _sync = sync ?? SyncData;
        _buffer = new byte[FlushThreshold];
        _flushedLength = existingLength;
        _syncedLength = existingLength;
        _blockOffset = (int)(existingLength % LogFormat.BlockSize);
    }

    /// <summary>The log's logical length: bytes flushed plus bytes still buffered. The next record starts here.</summary>
    public long Length => _flushedLength + _buffered;

    /// <summary>
    /// Creates a new, empty log file (failing if it exists) and fsyncs its directory so that the
    /// file's name survives a crash.
    /// </summary>
    /// <param name="path">The log file to create.</param>
    /// <param name="sync">See <see cref="LogWriter(IFileHandle, long, Action{IFileHandle}?, bool)"/>.</param>
    /// <returns>A writer that owns the file handle.</returns>
    public static LogWriter Create(string path, Action<IFileHandle>? sync = null) => Create(RealFileSystem.Instance, path, sync);

    /// <summary>
    /// Creates a new, empty log file on <paramref name="fileSystem"/> (failing if it exists) and
    /// syncs its directory so that the file's name survives a crash.
    /// </summary>
    /// <param name="fileSystem">The file system that holds the log.</param>
    /// <param name="path">The log file to create.</param>
    /// <param name="sync">See <see cref="LogWriter(IFileHandle, long, Action{IFileHandle}?, bool)"/>.</param>
    /// <returns>A writer that owns the file handle.</returns>
    public static LogWriter Create(IFileSystem fileSystem, string path, Action<IFileHandle>? sync = null)
    {
        ArgumentNullException.ThrowIfNull(fileSystem);
        ArgumentException.ThrowIfNullOrEmpty(path);
        var file = fileSystem.OpenFile(path, FileOpenMode.CreateNew);
        try
        {
            fileSystem.SyncDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        }
        catch
        {
            file.Dispose();
            throw;
        }
        return new LogWriter(file, 0, sync, ownsFile: true);
    }

    /// <summary>
    /// Opens an existing log file and continues it at its current end, without reading it. Use
    /// this only for a log known to end cleanly; after a crash use <see cref="LogRecovery.OpenForAppend(string, out LogRecoveryResult, ICorruptionReporter?, Action{IFileHandle}?)"/>.
    /// </summary>
    /// <param name="path">The log file.</param>
    /// <param name="sync">See <see cref="LogWriter(IFileHandle, long, Action{IFileHandle}?, bool)"/>.</param>
    /// <returns>A writer that owns the file handle.</returns>
    public static LogWriter OpenExisting(string path, Action<IFileHandle>? sync = null) => OpenExisting(RealFileSystem.Instance, path, sync);

    /// <summary>
    /// Opens an existing log file on <paramref name="fileSystem"/> and continues it at its current
    /// end, without reading it. Use this only for a log known to end cleanly; after a crash use
    /// <see cref="LogRecovery.OpenForAppend(IFileSystem, string, out LogRecoveryResult, ICorruptionReporter?, Action{IFileHandle}?)"/>.
    /// </summary>
    /// <param name="fileSystem">The file system that holds the log.</param>
    /// <param name="path">The log file.</param>
    /// <param name="sync">See <see cref="LogWriter(IFileHandle, long, Action{IFileHandle}?, bool)"/>.</param>
    /// <returns>A writer that owns the file handle.</returns>
    public static LogWriter OpenExisting(IFileSystem fileSystem, string path, Action<IFileHandle>? sync = null)
    {
        ArgumentNullException.ThrowIfNull(fileSystem);
        ArgumentException.ThrowIfNullOrEmpty(path);
        var file = fileSystem.OpenFile(path, FileOpenMode.OpenExisting);
        try
        {
            return new LogWriter(file, file.Length, sync, ownsFile: true);
        }
        catch
        {
            file.Dispose();
            throw;
        }
    }

    /// <summary>
    /// Appends one logical record (0 bytes or more) to the buffer, fragmenting it across blocks.
    /// The buffer is flushed to the file when it grows past 64 KiB; call <see cref="Flush"/> or
    /// <see cref="Sync"/> to bound what a crash can lose.
    /// </summary>
    /// <param name="record">The record's bytes.</param>
    public void AddRecord(ReadOnlySpan<byte> record)
    {
        ThrowIfUnusable();
        var left = record;
        var first = true;
        do
        {
            var leftover = LogFormat.BlockSize - _blockOffset;
            if (leftover < LogFormat.HeaderSize)
            {
                // Zero-fill the trailer: a reader skips a block tail too short for a header.
                Append(Zeros.AsSpan(0, leftover));
                _blockOffset = 0;
            }

            var available = LogFormat.BlockSize - _blockOffset - LogFormat.HeaderSize;
            var fragmentLength = Math.Min(left.Length, available);
            var last = fragmentLength == left.Length;
            var type = (first, last) switch
            {
                (true, true) => RecordType.Full,
                (true, false) => RecordType.First,
                (false, true) => RecordType.Last,
                (false, false) => RecordType.Middle,
            };
            EmitPhysicalRecord(type, left[..fragmentLength]);
            left = left[fragmentLength..];
            first = false;
        }
        while (!left.IsEmpty);

        System.Diagnostics.Debug.Assert(_blockOffset % LogFormat.BlockSize == Length % LogFormat.BlockSize, "invariant 1: block offset tracks the file length");
        if (_buffered >= FlushThreshold)
        {
            Flush();
        }
    }

    /// <summary>Writes buffered bytes to the file (the operating system's page cache) at the tracked offset.</summary>
    public void Flush()
    {
        ThrowIfUnusable();
        if (_buffered == 0)
        {
            return;
        }
        try
        {
            _file.Write(_buffer.AsSpan(0, _buffered), _flushedLength);
        }
        catch (Exception e)
        {
            _failure = e;
            throw;
        }
        _flushedLength += _buffered;
        _buffered = 0;
    }

    /// <summary>
    /// Flushes, then makes everything written so far durable (fdatasync by default). If the sync
    /// fails, the file is cut back to the end of the last successful sync before the failure
    /// propagates (see the type's remarks).
    /// </summary>
    public void Sync()
    {
        Flush();
        try
        {
            _sync(_file);
        }
        catch (Exception e)
        {
            _failure = e;
            CutBackToLastSync();
            throw;
        }
        _syncedLength = _flushedLength;
    }

    /// <summary>Flushes buffered records (unless the writer has failed) and closes the file if the writer owns it. Does not sync.</summary>
    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }
        try
        {
            if (_failure is null)
            {
                Flush();
            }
        }
        finally
        {
            _disposed = true;
            if (_ownsFile)
            {
                _file.Dispose();
            }
        }
    }

    private static void SyncData(IFileHandle file) => file.Sync(FileSyncKind.Data);

    // After a failed sync: drop every byte no successful sync covered, and make the drop durable
    // (fsync: the length is metadata). Best effort; the original failure is what the caller sees.
    private void CutBackToLastSync()
    {
        System.Diagnostics.Debug.Assert(_syncedLength <= _flushedLength, "invariant 4: the synced length never passes the flushed length");
        try
        {
            _file.SetLength(_syncedLength);
            _file.Sync(FileSyncKind.All);
        }
        catch (IOException)
        {
            // The file is left as it is; reopening recovers what it can.
        }
    }

    private void EmitPhysicalRecord(RecordType type, ReadOnlySpan<byte> payload)
    {
        System.Diagnostics.Debug.Assert(payload.Length <= LogFormat.MaxFragmentLength, "a fragment fits in a block");
        System.Diagnostics.Debug.Assert(_blockOffset + LogFormat.HeaderSize + payload.Length <= LogFormat.BlockSize, "invariant 2: no fragment crosses a block");

        Span<byte> header = stackalloc byte[LogFormat.HeaderSize];
        Fixed.Write32(header, LogFormat.MaskedChecksum(type, payload));
        Fixed.Write16(header[4..], (ushort)payload.Length);
        header[6] = (byte)type;
        Append(header);
        Append(payload);
        _blockOffset += LogFormat.HeaderSize + payload.Length;
    }

    private void Append(ReadOnlySpan<byte> bytes)
    {
        if (_buffered + bytes.Length > _buffer.Length)
        {
            var grown = new byte[Math.Max(_buffer.Length * 2, _buffered + bytes.Length)];
            _buffer.AsSpan(0, _buffered).CopyTo(grown);
            _buffer = grown;
        }
        bytes.CopyTo(_buffer.AsSpan(_buffered));
        _buffered += bytes.Length;
    }

    private void ThrowIfUnusable()
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (_failure is not null)
        {
            throw new IOException($"The log writer is unusable after an earlier I/O failure: {_failure.Message}", _failure);
        }
    }
}
