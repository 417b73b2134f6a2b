namespace FromScratch.PageFile.Demo;

/// <summary>
/// Finds the file system a directory lives on (Linux: the longest mount point in /proc/mounts
/// that contains it) so the experiment can warn when fsync is meaningless: on tmpfs or ramfs the
/// "disk" is memory, and fsync returns at once.
/// </summary>
internal static class DiskCheck
{
    private static readonly string[] MemoryFileSystems = ["tmpfs", "ramfs"];

    /// <summary>"ext4 on /dev/vda (mounted at /)", or null when it cannot be told (not Linux).</summary>
    public static (string Description, bool IsMemory)? Describe(string directory)
    {
        if (!OperatingSystem.IsLinux() || !File.Exists("/proc/mounts"))
        {
            return null;
        }

        var full = Path.GetFullPath(directory).TrimEnd('/') + "/";
        string? bestMount = null, bestType = null, bestDevice = null;
        foreach (var line in File.ReadLines("/proc/mounts"))
        {
            var fields = line.Split(' ');
            if (fields.Length < 3)
            {
                continue;
            }

            // Spaces in mount points are written as \040.
            var mount = fields[1].Replace("\\040", " ", StringComparison.Ordinal);
            var prefix = mount.TrimEnd('/') + "/";
            if (full.StartsWith(prefix, StringComparison.Ordinal) && (bestMount is null || mount.Length >= bestMount.Length))
            {
                bestMount = mount;
                bestDevice = fields[0];
                bestType = fields[2];
            }
        }

        return bestType is null
            ? null
            : ($"{bestType} on {bestDevice} (mounted at {bestMount})", MemoryFileSystems.Contains(bestType));
    }

    /// <summary>The default working directory: artifacts/ under the repository if we are inside it, else the current directory.</summary>
    public static string DefaultDirectory()
    {
        for (var dir = new DirectoryInfo(Environment.CurrentDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "FromScratch.slnx")))
            {
                return Path.Combine(dir.FullName, "artifacts", "db-01-demo");
            }
        }

        return Path.Combine(Environment.CurrentDirectory, "db-01-demo");
    }
}
