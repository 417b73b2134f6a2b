using FromScratch.Shared.IO;
using Microsoft.Win32.SafeHandles;

namespace FromScratch.Shared.FileSystems;

/// <summary>
/// An open file of <see cref="RealFileSystem"/>: a <see cref="SafeFileHandle"/> used through
/// <see cref="FileIo"/> (positional I/O, bytes-written metrics) and <see cref="Durability"/>.
/// </summary>
internal sealed class RealFileHandle : IFileHandle
{
    private readonly SafeFileHandle _handle;
    private readonly bool _writable;

    public RealFileHandle(string path, SafeFileHandle handle, bool writable)
    {
        Path = path;
        _handle = handle;
        _writable = writable;
    }

    public string Path { get; }

    public long Length
    {
        get
        {
            ObjectDisposedException.ThrowIf(_handle.IsClosed, this);
            return FileIo.Length(_handle);
        }
    }

    public int Read(Span<byte> buffer, long offset)
    {
        ObjectDisposedException.ThrowIf(_handle.IsClosed, this);
        return FileIo.ReadAtMost(_handle, buffer, offset);
    }

    public void Write(ReadOnlySpan<byte> data, long offset)
    {
        ThrowIfNotWritable();
        FileIo.Write(_handle, data, offset);
    }

    public long Append(ReadOnlySpan<byte> data)
    {
        ThrowIfNotWritable();
        var offset = FileIo.Length(_handle);
        FileIo.Write(_handle, data, offset);
        return offset;
    }

    public void SetLength(long length)
    {
        ThrowIfNotWritable();
        ArgumentOutOfRangeException.ThrowIfNegative(length);
        RandomAccess.SetLength(_handle, length);
    }

    public void Sync(FileSyncKind kind = FileSyncKind.Data)
    {
        ObjectDisposedException.ThrowIf(_handle.IsClosed, this);
        if (kind == FileSyncKind.All)
        {
            Durability.Fsync(_handle);
        }
        else
        {
            Durability.Fdatasync(_handle);
        }
    }

    public void Dispose() => _handle.Dispose();

    public override string ToString() => Path;

    private void ThrowIfNotWritable()
    {
        ObjectDisposedException.ThrowIf(_handle.IsClosed, this);
        if (!_writable)
        {
            throw new NotSupportedException($"'{Path}' was opened read-only.");
        }
    }
}
