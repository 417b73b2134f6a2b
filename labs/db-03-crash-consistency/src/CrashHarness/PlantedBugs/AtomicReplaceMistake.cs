namespace FromScratch.CrashHarness.PlantedBugs;

/// <summary>Which step of the atomic-replace recipe an <see cref="AtomicReplaceWriter"/> leaves out.</summary>
public enum AtomicReplaceMistake
{
    /// <summary>No mistake: write the temporary file, fsync it, rename it over the target, fsync the directory.</summary>
    None,

    /// <summary>
    /// Renames the temporary file over the target without fsyncing the file first. The rename (made
    /// durable by the directory fsync) can reach the disk before the data: after a crash the target
    /// names an empty, zero-filled or torn file, and the old contents are gone too.
    /// </summary>
    RenameWithoutFileSync,

    /// <summary>
    /// Renames (after fsyncing the file) but never fsyncs the directory: the rename is not durable,
    /// so a crash after the writer reported success can bring back the old contents, or no file.
    /// </summary>
    RenameWithoutDirectorySync,
}
