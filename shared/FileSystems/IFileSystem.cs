namespace FromScratch.Shared.FileSystems;

/// <summary>
/// The file-system operations the storage labs need, so that the same engine code runs on the real
/// disk (<see cref="RealFileSystem"/>) and on the crash simulator (<see cref="SimulatedFileSystem"/>),
/// which can lose, tear and reorder whatever was not made durable.
/// <para>
/// Durability contract (what a crash may take away), the same on both implementations:
/// <list type="bullet">
/// <item>Data written through an <see cref="IFileHandle"/> is durable only after
/// <see cref="IFileHandle.Sync"/> on that file returned without an exception.</item>
/// <item>A creation, rename or deletion is durable only after <see cref="SyncDirectory"/> on the
/// directory that holds the name (both directories for a rename across directories).</item>
/// <item>Nothing else is promised: closing a file does not sync it, and syncing a file does not make
/// its directory entry durable.</item>
/// </list>
/// Paths are ordinary absolute or relative paths; the simulator accepts any rooted path (for
/// example <c>/db/000001.log</c>) on every operating system.
/// </para>
/// Implementations are thread-safe: operations on different handles and on the directory tree may
/// run concurrently.
/// </summary>
public interface IFileSystem
{
    /// <summary>Opens or creates a file for positional reading and writing.</summary>
    /// <param name="path">The file's path.</param>
    /// <param name="mode">What to do when the file exists or does not.</param>
    /// <param name="exclusive">
    /// Refuse every other open of the file while this handle is open, and be refused if another
    /// handle has it open (<see cref="FileShare.None"/>: <c>flock(LOCK_EX)</c> on Unix, a share
    /// mode on Windows). The default shares the file, as a reader of a growing log needs.
    /// </param>
    /// <exception cref="FileNotFoundException"><see cref="FileOpenMode.OpenExisting"/> and the file does not exist.</exception>
    /// <exception cref="DirectoryNotFoundException">The parent directory does not exist.</exception>
    /// <exception cref="IO.FileLockedException"><paramref name="exclusive"/> and another handle has the file open, or another handle opened it exclusively.</exception>
    /// <exception cref="IOException"><see cref="FileOpenMode.CreateNew"/> and the file exists; or an I/O error.</exception>
    IFileHandle OpenFile(string path, FileOpenMode mode, bool exclusive = false);

    /// <summary>Whether a file exists at <paramref name="path"/> (false for a directory).</summary>
    bool FileExists(string path);

    /// <summary>Whether a directory exists at <paramref name="path"/>.</summary>
    bool DirectoryExists(string path);

    /// <summary>Creates <paramref name="path"/> and any missing parents; nothing happens if it exists.
    /// The new entries become durable with <see cref="SyncDirectory"/> on each parent.</summary>
    void CreateDirectory(string path);

    /// <summary>Removes the name <paramref name="path"/>. Open handles keep working on the file's data.</summary>
    /// <exception cref="FileNotFoundException">The file does not exist.</exception>
    void DeleteFile(string path);

    /// <summary>
    /// Renames <paramref name="source"/> to <paramref name="destination"/>, atomically replacing an
    /// existing destination (POSIX <c>rename</c>): a reader sees the old or the new file, never
    /// neither. After a crash the rename may be undone unless the directory was synced.
    /// </summary>
    /// <exception cref="FileNotFoundException"><paramref name="source"/> does not exist.</exception>
    void RenameFile(string source, string destination);

    /// <summary>The names (not paths) of the files and directories in <paramref name="path"/>, sorted ordinally.</summary>
    /// <exception cref="DirectoryNotFoundException">The directory does not exist.</exception>
    IReadOnlyList<string> ListDirectory(string path);

    /// <summary>
    /// Makes the creations, renames and deletions of entries in directory <paramref name="path"/>
    /// durable (<c>fsync</c> on the directory; a no-op on Windows, where NTFS journals them).
    /// </summary>
    void SyncDirectory(string path);

    /// <summary>
    /// Creates (if needed) and exclusively locks <paramref name="path"/>, LevelDB's <c>LOCK</c> file;
    /// the lock is released when the returned object is disposed, or when the process dies.
    /// </summary>
    /// <exception cref="IO.FileLockedException">Another holder has the lock.</exception>
    IDisposable Lock(string path);
}
