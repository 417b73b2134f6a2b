namespace FromScratch.TestSupport;

/// <summary>
/// A unique directory under the system's temporary path for one test, deleted (best effort) on
/// <see cref="Dispose"/>. Tests that need a real disk use it; tests that need crashes use the
/// simulated file system instead.
/// </summary>
public sealed class TempDirectory : IDisposable
{
    /// <summary>Creates <c>$TMP/fromscratch-&lt;prefix&gt;-&lt;guid&gt;</c>.</summary>
    public TempDirectory(string prefix = "test")
    {
        PathName = Path.Combine(Path.GetTempPath(), $"fromscratch-{prefix}-{Guid.NewGuid():N}");
        Directory.CreateDirectory(PathName);
    }

    /// <summary>The directory's full path.</summary>
    public string PathName { get; }

    /// <summary>The path of <paramref name="name"/> inside the directory.</summary>
    public string File(string name) => Path.Combine(PathName, name);

    /// <summary>Deletes the directory and everything in it; an open handle (Windows) does not fail the test.</summary>
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
        catch (UnauthorizedAccessException)
        {
        }
    }
}
