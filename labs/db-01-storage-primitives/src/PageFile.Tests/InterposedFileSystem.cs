using FromScratch.Shared.FileSystems;

namespace FromScratch.PageFile.Tests;

/// <summary>
/// An <see cref="IFileSystem"/> that passes every call to another one and lets a test step in
/// between the code under test and the file. It keeps the last handle it opened, so that a test
/// can change the file underneath the code that holds it (cut it, as another process or a crash of
/// a file system that does not honour the lock would). And once <see cref="HoldNextWrite"/> is
/// called, the next positional write of any handle it opened stops before reaching the file until
/// <see cref="Release"/>; with the count of writes in progress, a test can hold one caller inside a
/// write and see whether a second caller gets in beside it.
/// </summary>
public sealed class InterposedFileSystem(IFileSystem inner) : IFileSystem
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(30);
    private readonly ManualResetEventSlim _held = new(false);
    private readonly ManualResetEventSlim _release = new(false);
    private int _holdNext;
    private int _inWrite;
    private int _mostAtOnce;

    /// <summary>The last handle <see cref="OpenFile"/> returned.</summary>
    public IFileHandle? LastOpened { get; private set; }

    /// <summary>The largest number of writes that were in progress at the same time.</summary>
    public int MostWritesAtOnce => Volatile.Read(ref _mostAtOnce);

    /// <summary>The next write stops until <see cref="Release"/>.</summary>
    public void HoldNextWrite() => Volatile.Write(ref _holdNext, 1);

    /// <summary>Waits (bounded) until the held write has been entered.</summary>
    public bool WaitUntilHeld() => _held.Wait(Bound);

    /// <summary>Lets the held write go on.</summary>
    public void Release() => _release.Set();

    public IFileHandle OpenFile(string path, FileOpenMode mode, bool exclusive = false) =>
        LastOpened = new InterposedHandle(this, inner.OpenFile(path, mode, exclusive));

    public bool FileExists(string path) => inner.FileExists(path);

    public bool DirectoryExists(string path) => inner.DirectoryExists(path);

    public void CreateDirectory(string path) => inner.CreateDirectory(path);

    public void DeleteFile(string path) => inner.DeleteFile(path);

    public void RenameFile(string source, string destination) => inner.RenameFile(source, destination);

    public IReadOnlyList<string> ListDirectory(string path) => inner.ListDirectory(path);

    public void SyncDirectory(string path) => inner.SyncDirectory(path);

    public IDisposable Lock(string path) => inner.Lock(path);

    private void Write(IFileHandle handle, ReadOnlySpan<byte> data, long offset)
    {
        var now = Interlocked.Increment(ref _inWrite);
        int most;
        while (now > (most = Volatile.Read(ref _mostAtOnce)) && Interlocked.CompareExchange(ref _mostAtOnce, now, most) != most)
        {
        }

        try
        {
            if (Interlocked.Exchange(ref _holdNext, 0) == 1)
            {
                _held.Set();
                if (!_release.Wait(Bound))
                {
                    throw new TimeoutException("The held write was not released within 30 seconds.");
                }
            }

            handle.Write(data, offset);
        }
        finally
        {
            Interlocked.Decrement(ref _inWrite);
        }
    }

    private sealed class InterposedHandle(InterposedFileSystem owner, IFileHandle inner) : IFileHandle
    {
        public string Path => inner.Path;

        public long Length => inner.Length;

        public int Read(Span<byte> buffer, long offset) => inner.Read(buffer, offset);

        public void Write(ReadOnlySpan<byte> data, long offset) => owner.Write(inner, data, offset);

        public long Append(ReadOnlySpan<byte> data) => inner.Append(data);

        public void SetLength(long length) => inner.SetLength(length);

        public void Sync(FileSyncKind kind = FileSyncKind.Data) => inner.Sync(kind);

        public void Dispose() => inner.Dispose();
    }
}
