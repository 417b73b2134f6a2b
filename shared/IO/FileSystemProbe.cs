namespace FromScratch.Shared.IO;

/// <summary>
/// Tells which file system a directory is on, so that experiments can say what they measured and
/// warn when fsync is free (a benchmark directory under /tmp is tmpfs on many distributions).
/// Linux only (/proc/mounts: the longest mount point that contains the directory); elsewhere it
/// answers null. Thread-safe.
/// </summary>
public static class FileSystemProbe
{
    /// <summary>The file system <paramref name="directory"/> is on, or null where it cannot be told.</summary>
    public static FileSystemDescription? Describe(string directory)
    {
        ArgumentException.ThrowIfNullOrEmpty(directory);
        return OperatingSystem.IsLinux() && File.Exists("/proc/mounts")
            ? Describe(directory, File.ReadLines("/proc/mounts"))
            : null;
    }

    /// <summary>
    /// The same, from the lines of a mount table in /proc/mounts format
    /// (<c>device mountpoint type options dump pass</c>, spaces in names written as <c>\040</c>).
    /// </summary>
    public static FileSystemDescription? Describe(string directory, IEnumerable<string> mountTable)
    {
        ArgumentException.ThrowIfNullOrEmpty(directory);
        ArgumentNullException.ThrowIfNull(mountTable);
        var full = Path.GetFullPath(directory).TrimEnd('/') + "/";
        FileSystemDescription? best = null;
        foreach (var line in mountTable)
        {
            var fields = line.Split(' ');
            if (fields.Length < 3)
            {
                continue;
            }

            var mountPoint = fields[1].Replace("\\040", " ", StringComparison.Ordinal);
            var prefix = mountPoint.TrimEnd('/') + "/";
            // The longest containing mount point wins; a later line with the same mount point
            // (a mount stacked on top of another) wins over an earlier one.
            if (full.StartsWith(prefix, StringComparison.Ordinal) && (best is null || mountPoint.Length >= best.MountPoint.Length))
            {
                best = new FileSystemDescription(fields[2], fields[0].Replace("\\040", " ", StringComparison.Ordinal), mountPoint);
            }
        }

        return best;
    }
}
