namespace FromScratch.PageFile.Demo;

/// <summary>
/// Where the experiment writes by default: on the repository's disk, not under /tmp, which is a
/// memory file system (tmpfs) on many distributions and would make every fsync free.
/// </summary>
internal static class DiskCheck
{
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
