namespace FromScratch.Shared.IO;

/// <summary>
/// Replaces a file's contents so that after a crash at any moment the file holds either the old
/// contents or the new, never a mix. LevelDB writes its CURRENT file with steps 1-3
/// (<c>SetCurrentFile</c> in <c>db/filename.cc</c>, through a synced <c>NNNNNN.dbtmp</c>); step 4
/// is added here so that the new contents also survive a crash just after the rename:
/// <code>
///   1. write  path.tmp            (new contents, created or truncated)
///   2. fsync  path.tmp            the data is on disk before any name points to it
///   3. rename path.tmp -> path    atomic on POSIX: a reader sees old or new, never neither
///   4. fsync  directory(path)     the rename itself survives a crash
/// </code>
/// Without step 2 a crash can leave <c>path</c> naming an empty or partly written file (the rename
/// reached the journal before the data). Without step 4 the rename may be lost: <c>path</c> is
/// old again after reboot. A crash between 1 and 3 can leave a stale <c>path.tmp</c>; the next
/// <see cref="Write"/> truncates it. On Windows step 3 is <c>MoveFileEx(REPLACE_EXISTING)</c>
/// and step 4 is a no-op (see <see cref="Durability.FsyncDirectory"/>).
/// Not safe for concurrent writers of the same path (they share the temp name); hold a lock.
/// </summary>
public static class AtomicFile
{
    /// <summary>The suffix of the temporary file written before the rename.</summary>
    public const string TempSuffix = ".tmp";

    /// <summary>Atomically and durably replaces (or creates) <paramref name="path"/> with <paramref name="contents"/>.</summary>
    public static void Write(string path, ReadOnlySpan<byte> contents)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        var fullPath = Path.GetFullPath(path);
        var directory = Path.GetDirectoryName(fullPath)
            ?? throw new ArgumentException($"'{path}' has no parent directory.", nameof(path));
        var tempPath = fullPath + TempSuffix;
        try
        {
            using (var handle = File.OpenHandle(tempPath, FileMode.Create, FileAccess.Write, FileShare.None))
            {
                FileIo.Write(handle, contents, 0);
                Durability.Fsync(handle);
            }

            File.Move(tempPath, fullPath, overwrite: true);
        }
        catch
        {
            TryDelete(tempPath);
            throw;
        }

        Durability.FsyncDirectory(directory);
    }

    private static void TryDelete(string path)
    {
        try
        {
            File.Delete(path);
        }
        catch (IOException)
        {
            // Best effort: the original error is the one worth reporting.
        }
        catch (UnauthorizedAccessException)
        {
        }
    }
}
