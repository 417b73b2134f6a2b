namespace FromScratch.Wal.Benchmarks;

/// <summary>Which file system a directory is on (Linux: the longest matching mount point in /proc/mounts).</summary>
public static class FileSystemInfo
{
    /// <summary>The file-system type of <paramref name="directory"/>, e.g. "ext4" or "tmpfs"; null when unknown.</summary>
    /// <param name="directory">An existing directory.</param>
    /// <returns>The type, or null on systems without /proc/mounts.</returns>
    public static string? TypeOf(string directory)
    {
        if (!File.Exists("/proc/mounts"))
        {
            return null;
        }
        var full = Path.GetFullPath(directory).TrimEnd('/') + "/";
        string? best = null;
        var bestLength = -1;
        foreach (var line in File.ReadLines("/proc/mounts"))
        {
            var fields = line.Split(' ');
            if (fields.Length < 3)
            {
                continue;
            }
            var mountPoint = fields[1].Replace("\\040", " ").TrimEnd('/') + "/";
            if (full.StartsWith(mountPoint, StringComparison.Ordinal) && mountPoint.Length > bestLength)
            {
                best = fields[2];
                bestLength = mountPoint.Length;
            }
        }
        return best;
    }

    /// <summary>Whether fsync on this file system is free (memory-backed: tmpfs, ramfs).</summary>
    /// <param name="type">A type from <see cref="TypeOf"/>.</param>
    /// <returns>True for memory-backed file systems.</returns>
    public static bool IsMemoryBacked(string? type) => type is "tmpfs" or "ramfs";
}
