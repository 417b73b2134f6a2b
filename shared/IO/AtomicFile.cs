using FromScratch.Shared.FileSystems;

namespace FromScratch.Shared.IO;

/// <summary>
/// Replaces a file's contents so that after a crash at any moment the file holds either the old
/// contents or the new, never a mix, and the new once <see cref="Write(IFileSystem, string, ReadOnlySpan{byte})"/>
/// returns. LevelDB writes its CURRENT file with steps 1-3 (<c>SetCurrentFile</c> in
/// <c>db/filename.cc</c>, through a synced <c>NNNNNN.dbtmp</c>); step 4 is added here so that the
/// new contents also survive a crash just after the rename:
/// <code>
///   1. write  path.tmp            (new contents, created or truncated)
///   2. fsync  path.tmp            the data is on disk before any name points to it
///   3. rename path.tmp -> path    atomic on POSIX: a reader sees old or new, never neither
///   4. fsync  directory(path)     the rename itself survives a crash
/// </code>
/// Without step 2 a crash can leave <c>path</c> naming an empty or partly written file (the rename
/// reached the journal before the data). Without step 4 the rename may be lost: <c>path</c> is
/// old again after reboot (db-03's planted bugs show both). If a step before the rename fails, the
/// temporary file is removed (best effort) and the error is thrown; a crash between 1 and 3 can
/// still leave a stale <c>path.tmp</c>, which the next write truncates. On Windows step 3 is
/// <c>MoveFileEx(REPLACE_EXISTING)</c> and step 4 is a no-op (see <see cref="Durability.FsyncDirectory"/>).
/// <para>
/// The one implementation of the recipe in the repository: it goes through <see cref="IFileSystem"/>,
/// so the same code runs on the real disk and on db-03's crash simulator. Not safe for concurrent
/// writers of the same path (they share the temporary name); hold a lock.
/// </para>
/// </summary>
public static class AtomicFile
{
    /// <summary>The suffix of the temporary file written before the rename.</summary>
    public const string TempSuffix = ".tmp";

    /// <summary>Atomically and durably replaces (or creates) <paramref name="path"/> on the real file system.</summary>
    public static void Write(string path, ReadOnlySpan<byte> contents) => Write(RealFileSystem.Instance, path, contents);

    /// <summary>Atomically and durably replaces (or creates) <paramref name="path"/> on <paramref name="fileSystem"/>.</summary>
    /// <exception cref="ArgumentException"><paramref name="path"/> is empty or has no parent directory.</exception>
    /// <exception cref="IOException">A step failed; the file holds its old contents (or does not exist), unless the failure was the directory fsync after the rename, when the new contents may not survive a crash.</exception>
    public static void Write(IFileSystem fileSystem, string path, ReadOnlySpan<byte> contents)
    {
        ArgumentNullException.ThrowIfNull(fileSystem);
        ArgumentException.ThrowIfNullOrEmpty(path);
        var fullPath = Path.GetFullPath(path);
        var directory = Path.GetDirectoryName(fullPath)
            ?? throw new ArgumentException($"'{path}' has no parent directory.", nameof(path));
        var tempPath = fullPath + TempSuffix;
        try
        {
            using (var file = fileSystem.OpenFile(tempPath, FileOpenMode.CreateOrTruncate))
            {
                file.Write(contents, 0);
                file.Sync(FileSyncKind.All);
            }

            fileSystem.RenameFile(tempPath, fullPath);
        }
        catch
        {
            TryDelete(fileSystem, tempPath);
            throw;
        }

        fileSystem.SyncDirectory(directory);
    }

    private static void TryDelete(IFileSystem fileSystem, string path)
    {
        try
        {
            if (fileSystem.FileExists(path))
            {
                fileSystem.DeleteFile(path);
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // Best effort: the original error is the one worth reporting (after a simulated power
            // loss every call fails, and the crash decides what the directory holds).
        }
    }
}
