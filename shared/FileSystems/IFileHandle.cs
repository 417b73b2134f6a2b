namespace FromScratch.Shared.FileSystems;

/// <summary>
/// An open file of an <see cref="IFileSystem"/>: positional reads and writes (<c>pread</c>/<c>pwrite</c>;
/// there is no file position and no user-space buffer, so a write is in the OS page cache as soon as
/// it returns and there is nothing to "flush" below the caller's own buffer), length changes and
/// <see cref="Sync"/>, the only operation that makes written data durable.
/// <para>
/// Thread-safety: concurrent reads are safe; concurrent writes to overlapping ranges interleave as
/// the OS allows. Dispose is idempotent; using a disposed handle throws <see cref="ObjectDisposedException"/>.
/// </para>
/// </summary>
public interface IFileHandle : IDisposable
{
    /// <summary>The full path the file was opened with (it may since have been renamed or deleted).</summary>
    string Path { get; }

    /// <summary>The file's current length in bytes, as a reader would see it (unsynced writes included).</summary>
    long Length { get; }

    /// <summary>
    /// Reads into <paramref name="buffer"/> from <paramref name="offset"/> until it is full or the
    /// file ends.
    /// </summary>
    /// <returns>The number of bytes read; less than <c>buffer.Length</c> only at the end of the file.</returns>
    /// <exception cref="IOException">The device reported a read error.</exception>
    int Read(Span<byte> buffer, long offset);

    /// <summary>Writes all of <paramref name="data"/> at <paramref name="offset"/>, extending the file if needed (a gap reads as zeros).</summary>
    /// <exception cref="IOException">An I/O error, or no space left on the device.</exception>
    void Write(ReadOnlySpan<byte> data, long offset);

    /// <summary>Writes <paramref name="data"/> at the current end of the file.</summary>
    /// <returns>The offset at which the data was written.</returns>
    long Append(ReadOnlySpan<byte> data);

    /// <summary>Truncates or extends (with zeros) the file to <paramref name="length"/> bytes.</summary>
    void SetLength(long length);

    /// <summary>
    /// Makes everything written to this file so far durable (<c>fdatasync</c> or <c>fsync</c>). If it
    /// throws, the unsynced writes are in an unknown state: count none of them as durable, and do not
    /// count on them being gone either (some may have reached the disk), even though reads may still
    /// return them. On Linux a failed fsync marks the dirty pages clean, so retrying and succeeding
    /// proves nothing.
    /// </summary>
    /// <exception cref="IOException">The device reported a write-back error.</exception>
    void Sync(FileSyncKind kind = FileSyncKind.Data);
}
