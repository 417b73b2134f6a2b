namespace FromScratch.Lab;

/// <summary>
/// Finds the root of the repository: the nearest folder, walking up, that holds FromScratch.slnx.
/// It looks above the current directory first (the clone a learner is working in), then above the
/// tool's own binaries (so <c>/path/to/repo/lab list</c> works from anywhere).
/// </summary>
internal static class RepoLocator
{
    /// <summary>The file that marks the repository root.</summary>
    public const string MarkerFile = "FromScratch.slnx";

    /// <summary>The repository root above <paramref name="start"/>, or null.</summary>
    public static string? TryFindFrom(string start)
    {
        ArgumentException.ThrowIfNullOrEmpty(start);
        for (var dir = new DirectoryInfo(Path.GetFullPath(start)); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, MarkerFile)))
            {
                return dir.FullName;
            }
        }

        return null;
    }

    /// <summary>
    /// The repository root above <paramref name="currentDirectory"/>, else above
    /// <paramref name="baseDirectory"/>; throws <see cref="LabCommandException"/> when neither has one.
    /// </summary>
    public static string Locate(string currentDirectory, string baseDirectory)
    {
        return TryFindFrom(currentDirectory)
            ?? TryFindFrom(baseDirectory)
            ?? throw new LabCommandException(
                $"cannot find the From Scratch repository: no folder above '{currentDirectory}' or "
                + $"'{baseDirectory}' holds {MarkerFile}. Run the lab command from inside your clone "
                + "(./lab list), or give its path (/path/to/clone/lab list).");
    }
}
