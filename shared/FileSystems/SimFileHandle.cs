namespace FromScratch.Shared.FileSystems;

/// <summary>
/// An open file of <see cref="SimulatedFileSystem"/>: a reference to the file's inode (so it keeps
/// working after the name is deleted or renamed over) and the open mode. Every call takes the file
/// system's lock; see <see cref="SimulatedFileSystem"/> for the semantics.
/// </summary>
internal sealed class SimFileHandle : IFileHandle
{
    private readonly SimulatedFileSystem _fileSystem;

    public SimFileHandle(SimulatedFileSystem fileSystem, SimInode inode, string path, bool writable, bool exclusive)
    {
        _fileSystem = fileSystem;
        Inode = inode;
        Path = path;
        Writable = writable;
        Exclusive = exclusive;
    }

    public SimInode Inode { get; }

    public bool Writable { get; }

    public bool Exclusive { get; }

    public bool Disposed { get; set; }

    public string Path { get; }

    public long Length => _fileSystem.HandleLength(this);

    public int Read(Span<byte> buffer, long offset) => _fileSystem.HandleRead(this, buffer, offset);

    public void Write(ReadOnlySpan<byte> data, long offset) => _fileSystem.HandleWrite(this, data, offset, append: false);

    public long Append(ReadOnlySpan<byte> data) => _fileSystem.HandleWrite(this, data, 0, append: true);

    public void SetLength(long length) => _fileSystem.HandleSetLength(this, length);

    public void Sync(FileSyncKind kind = FileSyncKind.Data) => _fileSystem.HandleSync(this);

    public void Dispose() => _fileSystem.HandleDispose(this);

    public override string ToString() => Path;
}
