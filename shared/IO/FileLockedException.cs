namespace FromScratch.Shared.IO;

/// <summary>
/// A LOCK file is held by another process, or by another <see cref="FileLock"/> in this one:
/// the database directory it guards is already open.
/// </summary>
public class FileLockedException : IOException
{
    /// <summary>Creates the exception for the held lock file <paramref name="filePath"/>.</summary>
    public FileLockedException(string filePath, Exception? inner = null)
        : base($"'{filePath}' is locked: another process (or another open of the same database in this process) holds it.", inner)
    {
        FilePath = filePath;
    }

    /// <summary>The lock file that is held.</summary>
    public string FilePath { get; }
}
