namespace FromScratch.Bitcask.Tests;

/// <summary>An <see cref="IFileSystem"/> that forwards to another and runs hooks at chosen operations (to interleave test actions deterministically, without sleeps).</summary>
internal sealed class HookedFileSystem(IFileSystem inner) : IFileSystem
{
    /// <summary>Runs before a file is created or truncated by <see cref="OpenFile"/>.</summary>
    public Action<string>? OnCreate { get; set; }

    /// <summary>Runs before each Sync of a file handle.</summary>
    public Action<string>? OnSync { get; set; }

    /// <summary>Runs after each Sync of a file handle has completed.</summary>
    public Action<string>? OnSynced { get; set; }

    /// <summary>Runs after each Write of a file handle.</summary>
    public Action<string>? OnWrite { get; set; }

    public IFileHandle OpenFile(string path, FileOpenMode mode, bool exclusive = false)
    {
        if (mode is FileOpenMode.CreateNew or FileOpenMode.CreateOrTruncate)
        {
            OnCreate?.Invoke(Path.GetFullPath(path));
        }
        return new Handle(this, inner.OpenFile(path, mode, exclusive));
    }

    public bool FileExists(string path) => inner.FileExists(path);

    public bool DirectoryExists(string path) => inner.DirectoryExists(path);

    public void CreateDirectory(string path) => inner.CreateDirectory(path);

    public void DeleteFile(string path) => inner.DeleteFile(path);

    public void RenameFile(string source, string destination) => inner.RenameFile(source, destination);

    public IReadOnlyList<string> ListDirectory(string path) => inner.ListDirectory(path);

    public void SyncDirectory(string path) => inner.SyncDirectory(path);

    public IDisposable Lock(string path) => IgnoreLocks ? new NoLock() : inner.Lock(path);

    /// <summary>When set, <see cref="Lock"/> takes no lock: a second store can open the directory while an abandoned one still holds it, as after a process that died (the OS releases its lock).</summary>
    public bool IgnoreLocks { get; init; }

    private sealed class NoLock : IDisposable
    {
        public void Dispose()
        {
        }
    }

    private sealed class Handle(HookedFileSystem owner, IFileHandle inner) : IFileHandle
    {
        public string Path => inner.Path;

        public long Length => inner.Length;

        public int Read(Span<byte> buffer, long offset) => inner.Read(buffer, offset);

        public void Write(ReadOnlySpan<byte> data, long offset)
        {
            inner.Write(data, offset);
            owner.OnWrite?.Invoke(inner.Path);
        }

        public long Append(ReadOnlySpan<byte> data)
        {
            var offset = inner.Append(data);
            owner.OnWrite?.Invoke(inner.Path);
            return offset;
        }

        public void SetLength(long length) => inner.SetLength(length);

        public void Sync(FileSyncKind kind = FileSyncKind.Data)
        {
            owner.OnSync?.Invoke(inner.Path);
            inner.Sync(kind);
            owner.OnSynced?.Invoke(inner.Path);
        }

        public void Dispose() => inner.Dispose();
    }
}
