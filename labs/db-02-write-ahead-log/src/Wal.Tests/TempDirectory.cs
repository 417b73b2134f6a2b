namespace FromScratch.Wal.Tests;

/// <summary>A unique directory under the temp path, deleted on Dispose.</summary>
public sealed class TempDirectory : IDisposable
{
    public TempDirectory()
    {
        PathName = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "fromscratch-wal-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(PathName);
    }

    public string PathName { get; }

    public string File(string name) => System.IO.Path.Combine(PathName, name);

    public void Dispose()
    {
        try
        {
            Directory.Delete(PathName, recursive: true);
        }
        catch (IOException)
        {
            // Best effort: a handle still open on Windows must not fail the test.
        }
    }
}
