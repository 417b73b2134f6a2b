namespace FromScratch.Curriculum.Tests;

/// <summary>The checkout these tests run from: the nearest folder above the test binaries that holds FromScratch.slnx.</summary>
internal static class RepositoryRoot
{
    private static readonly Lazy<string> Root = new(Find);

    public static string Path => Root.Value;

    private static string Find()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(System.IO.Path.Combine(dir.FullName, "FromScratch.slnx")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException($"No FromScratch.slnx found above {AppContext.BaseDirectory}; run the tests from a checkout of the repository.");
    }
}
