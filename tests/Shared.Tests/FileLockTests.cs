using System.ComponentModel;
using System.Diagnostics;
using FromScratch.Shared.IO;

namespace FromScratch.Shared.Tests;

public sealed class FileLockTests : IDisposable
{
    // A second process tries flock(LOCK_EX | LOCK_NB) on the file and prints what happened.
    // Python is used because starting a second .NET process is slow, and flock(1) is missing on
    // macOS; flock is the call .NET uses for FileShare.None on Linux and macOS.
    private const string ChildScript =
        "import fcntl, sys\n" +
        "f = open(sys.argv[1], 'a')\n" +
        "try:\n" +
        "    fcntl.flock(f, fcntl.LOCK_EX | fcntl.LOCK_NB)\n" +
        "    print('acquired')\n" +
        "except OSError:\n" +
        "    print('refused')\n";

    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    [Trait("Step", "05")]
    public void Acquire_creates_the_lock_file()
    {
        var path = _dir.File("LOCK");
        using var held = FileLock.Acquire(path);
        File.Exists(path).Should().BeTrue();
        held.FilePath.Should().Be(Path.GetFullPath(path));
    }

    [Fact]
    [Trait("Step", "05")]
    public void A_second_Acquire_in_the_same_process_is_refused()
    {
        var path = _dir.File("LOCK");
        using var held = FileLock.Acquire(path);
        FluentActions.Invoking(() => FileLock.Acquire(path))
            .Should().Throw<FileLockedException>()
            .Which.FilePath.Should().Be(Path.GetFullPath(path));
    }

    [Fact]
    [Trait("Step", "05")]
    public void After_Dispose_the_lock_can_be_acquired_again()
    {
        var path = _dir.File("LOCK");
        FileLock.Acquire(path).Dispose();
        using var again = FileLock.Acquire(path);
        again.Should().NotBeNull();
    }

    [Fact]
    [Trait("Step", "05")]
    public void Locks_on_different_files_are_independent()
    {
        using var a = FileLock.Acquire(_dir.File("a.LOCK"));
        using var b = FileLock.Acquire(_dir.File("b.LOCK"));
        a.FilePath.Should().NotBe(b.FilePath);
    }

    [Fact]
    [Trait("Step", "05")]
    public void Another_process_is_refused_while_the_lock_is_held_and_admitted_after()
    {
        Assert.SkipWhen(OperatingSystem.IsWindows(), "The child uses fcntl.flock, which Windows Python lacks; Windows share modes are covered by the in-process test.");
        var path = _dir.File("LOCK");
        var held = FileLock.Acquire(path);
        RunChild(path).Should().Be("refused");
        held.Dispose();
        RunChild(path).Should().Be("acquired");
    }

    private static string RunChild(string path)
    {
        var start = new ProcessStartInfo("python3") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        start.ArgumentList.Add("-c");
        start.ArgumentList.Add(ChildScript);
        start.ArgumentList.Add(path);
        Process? child = null;
        try
        {
            child = Process.Start(start);
        }
        catch (Win32Exception)
        {
            Assert.Skip("python3 is not on PATH; install it to test locking against a second process.");
        }

        using (child)
        {
            var output = child!.StandardOutput.ReadToEndAsync(TestContext.Current.CancellationToken);
            child.WaitForExit(TimeSpan.FromSeconds(30)).Should().BeTrue("the child finishes at once");
            return output.Result.Trim();
        }
    }

    [Fact]
    [Trait("Step", "05")]
    public void Dispose_releases_the_lock_and_leaves_the_file_in_place()
    {
        // Deleting LOCK on release would let a process that had opened the old file lock it while
        // a third process creates and locks a new LOCK: two owners of one directory.
        var path = _dir.File("LOCK");
        var held = FileLock.Acquire(path);
        held.Dispose();
        held.Dispose();
        File.Exists(path).Should().BeTrue("the LOCK file outlives its holder");
        using var again = FileLock.Acquire(path);
        again.FilePath.Should().Be(Path.GetFullPath(path));
    }
}
