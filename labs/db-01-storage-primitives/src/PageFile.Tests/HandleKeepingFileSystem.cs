using FromScratch.Shared.FileSystems;

namespace FromScratch.PageFile.Tests;

/// <summary>
/// An <see cref="IFileSystem"/> that passes every call to another one and keeps the last handle it
/// opened, so that a test can change the file underneath the code that holds it (cut it, as another
/// process or a crash of a file system that does not honour the lock would).
/// </summary>
public sealed class HandleKeepingFileSystem(IFileSystem inner) : IFileSystem
{
    public IFileHandle? LastOpened { get; private set; }

    public IFileHandle OpenFile(string path, FileOpenMode mode, bool exclusive = false) =>
        LastOpened = inner.OpenFile(path, mode, exclusive);

    public bool FileExists(string path) => inner.FileExists(path);

    public bool DirectoryExists(string path) => inner.DirectoryExists(path);

    public void CreateDirectory(string path) => inner.CreateDirectory(path);

    public void DeleteFile(string path) => inner.DeleteFile(path);

    public void RenameFile(string source, string destination) => inner.RenameFile(source, destination);

    public IReadOnlyList<string> ListDirectory(string path) => inner.ListDirectory(path);

    public void SyncDirectory(string path) => inner.SyncDirectory(path);

    public IDisposable Lock(string path) => inner.Lock(path);
}
