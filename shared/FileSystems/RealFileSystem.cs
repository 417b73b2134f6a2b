using FromScratch.Shared.IO;

namespace FromScratch.Shared.FileSystems;

/// <summary>
/// The operating system's file system: <see cref="File.OpenHandle"/> and <see cref="RandomAccess"/>
/// for data, <see cref="Durability"/> for fsync, <see cref="FileLock"/> for locks. Engines that take an
/// <see cref="IFileSystem"/> and are given this one behave exactly as if they called those APIs
/// directly. Stateless and thread-safe; use <see cref="Instance"/>.
/// </summary>
public sealed class RealFileSystem : IFileSystem
{
    private RealFileSystem()
    {
    }

    /// <summary>The one instance.</summary>
    public static RealFileSystem Instance { get; } = new();

    /// <inheritdoc/>
    public IFileHandle OpenFile(string path, FileOpenMode mode, bool exclusive = false)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        var fullPath = System.IO.Path.GetFullPath(path);
        var (fileMode, access) = mode switch
        {
            FileOpenMode.CreateNew => (FileMode.CreateNew, FileAccess.ReadWrite),
            FileOpenMode.CreateOrTruncate => (FileMode.Create, FileAccess.ReadWrite),
            FileOpenMode.OpenOrCreate => (FileMode.OpenOrCreate, FileAccess.ReadWrite),
            FileOpenMode.OpenExisting => (FileMode.Open, FileAccess.ReadWrite),
            FileOpenMode.OpenReadOnly => (FileMode.Open, FileAccess.Read),
            _ => throw new ArgumentOutOfRangeException(nameof(mode), mode, "Unknown open mode."),
        };

        // Shared by default: the engines coordinate access themselves (and hold a LOCK file), and
        // a reader opening a log that a writer is appending to must not be refused.
        var share = exclusive ? FileShare.None : FileShare.ReadWrite | FileShare.Delete;
        try
        {
            var handle = File.OpenHandle(fullPath, fileMode, access, share);
            return new RealFileHandle(fullPath, handle, writable: access != FileAccess.Read);
        }
        catch (IOException e) when (FileLock.IsLockConflict(e))
        {
            // Either side of the conflict: this open is exclusive and the file is open, or another
            // handle holds it exclusively (a shared open takes flock(LOCK_SH), which LOCK_EX refuses).
            throw new FileLockedException(fullPath, e);
        }
    }

    /// <inheritdoc/>
    public bool FileExists(string path) => File.Exists(path);

    /// <inheritdoc/>
    public bool DirectoryExists(string path) => Directory.Exists(path);

    /// <inheritdoc/>
    public void CreateDirectory(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        Directory.CreateDirectory(path);
    }

    /// <inheritdoc/>
    public void DeleteFile(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        if (!File.Exists(path))
        {
            throw new FileNotFoundException($"Cannot delete '{path}': no such file.", path);
        }

        File.Delete(path);
    }

    /// <inheritdoc/>
    public void RenameFile(string source, string destination)
    {
        ArgumentException.ThrowIfNullOrEmpty(source);
        ArgumentException.ThrowIfNullOrEmpty(destination);
        File.Move(source, destination, overwrite: true);
    }

    /// <inheritdoc/>
    public IReadOnlyList<string> ListDirectory(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        var names = new List<string>();
        foreach (var entry in Directory.EnumerateFileSystemEntries(path))
        {
            names.Add(System.IO.Path.GetFileName(entry));
        }

        names.Sort(StringComparer.Ordinal);
        return names;
    }

    /// <inheritdoc/>
    public void SyncDirectory(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        Durability.FsyncDirectory(path);
    }

    /// <inheritdoc/>
    public IDisposable Lock(string path) => FileLock.Acquire(path);
}
