namespace FromScratch.Shared.FileSystems;

/// <summary>
/// A read-only, seekable <see cref="Stream"/> over an <see cref="IFileHandle"/>, for readers written
/// against streams (db-02's <c>LogReader</c>). It keeps its own position and reads positionally, so
/// it never disturbs other users of the handle. Not thread-safe (one position).
/// </summary>
public sealed class FileHandleStream : Stream
{
    private readonly IFileHandle _file;
    private readonly bool _leaveOpen;
    private long _position;
    private bool _disposed;

    /// <summary>Wraps <paramref name="file"/>; disposing the stream disposes the handle unless <paramref name="leaveOpen"/>.</summary>
    public FileHandleStream(IFileHandle file, bool leaveOpen = false)
    {
        ArgumentNullException.ThrowIfNull(file);
        _file = file;
        _leaveOpen = leaveOpen;
    }

    /// <inheritdoc/>
    public override bool CanRead => !_disposed;

    /// <inheritdoc/>
    public override bool CanSeek => !_disposed;

    /// <inheritdoc/>
    public override bool CanWrite => false;

    /// <inheritdoc/>
    public override long Length
    {
        get
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            return _file.Length;
        }
    }

    /// <inheritdoc/>
    public override long Position
    {
        get => _position;
        set
        {
            ArgumentOutOfRangeException.ThrowIfNegative(value);
            _position = value;
        }
    }

    /// <inheritdoc/>
    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    /// <inheritdoc/>
    public override int Read(Span<byte> buffer)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        var n = _file.Read(buffer, _position);
        _position += n;
        return n;
    }

    /// <inheritdoc/>
    public override long Seek(long offset, SeekOrigin origin)
    {
        var target = origin switch
        {
            SeekOrigin.Begin => offset,
            SeekOrigin.Current => _position + offset,
            SeekOrigin.End => Length + offset,
            _ => throw new ArgumentOutOfRangeException(nameof(origin)),
        };
        Position = target;
        return target;
    }

    /// <inheritdoc/>
    public override void Flush()
    {
        // Read-only: nothing buffered to write.
    }

    /// <inheritdoc/>
    public override void SetLength(long value) => throw new NotSupportedException("The stream is read-only.");

    /// <inheritdoc/>
    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException("The stream is read-only.");

    /// <inheritdoc/>
    protected override void Dispose(bool disposing)
    {
        if (disposing && !_disposed)
        {
            _disposed = true;
            if (!_leaveOpen)
            {
                _file.Dispose();
            }
        }

        base.Dispose(disposing);
    }
}
