using FromScratch.Shared.FileSystems;
using FromScratch.Shared.IO;

namespace FromScratch.Shared.Tests;

public sealed class AtomicFileTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    [Trait("Step", "05")]
    public void Write_creates_the_file_and_leaves_no_temp_file()
    {
        var path = _dir.File("CURRENT");
        AtomicFile.Write(path, "MANIFEST-000001\n"u8);
        File.ReadAllBytes(path).Should().Equal("MANIFEST-000001\n"u8.ToArray());
        File.Exists(path + AtomicFile.TempSuffix).Should().BeFalse();
        Directory.GetFiles(_dir.PathName).Should().HaveCount(1);
    }

    [Fact]
    [Trait("Step", "05")]
    public void Write_replaces_an_existing_file_entirely()
    {
        var path = _dir.File("CURRENT");
        File.WriteAllBytes(path, new byte[1000]); // longer than the new contents: nothing of it may remain
        AtomicFile.Write(path, "new"u8);
        File.ReadAllBytes(path).Should().Equal("new"u8.ToArray());
        File.Exists(path + AtomicFile.TempSuffix).Should().BeFalse();
    }

    [Fact]
    [Trait("Step", "05")]
    public void A_stale_temp_file_from_a_crash_is_overwritten()
    {
        var path = _dir.File("CURRENT");
        File.WriteAllBytes(path + AtomicFile.TempSuffix, new byte[5000]);
        AtomicFile.Write(path, "ok"u8);
        File.ReadAllBytes(path).Should().Equal("ok"u8.ToArray());
        File.Exists(path + AtomicFile.TempSuffix).Should().BeFalse();
    }

    [Fact]
    [Trait("Step", "05")]
    public void Write_syncs_the_file_and_the_directory()
    {
        using var metrics = new MetricsCapture();
        AtomicFile.Write(_dir.File("CURRENT"), "x"u8);
        metrics.Measurements.Where(m => m.Instrument == StorageMetrics.FsyncsName).Select(m => m.Kind)
            .Should().Equal(["fsync", "directory"], "the temp file is synced before the rename, the directory after it");
    }

    [Fact]
    [Trait("Step", "05")]
    public void Write_into_a_missing_directory_fails_and_leaves_nothing()
    {
        var path = Path.Combine(_dir.PathName, "missing", "CURRENT");
        FluentActions.Invoking(() => AtomicFile.Write(path, "x"u8)).Should().Throw<IOException>();
        Directory.Exists(Path.Combine(_dir.PathName, "missing")).Should().BeFalse();
    }

    [Fact]
    [Trait("Step", "05")]
    public void Write_through_a_file_system_removes_the_temp_file_when_its_fsync_fails_and_keeps_the_old_contents()
    {
        var fileSystem = new SimulatedFileSystem();
        fileSystem.CreateDirectory("/db");
        AtomicFile.Write(fileSystem, "/db/CURRENT", "old"u8);
        fileSystem.Faults.FailSync("/db/CURRENT" + AtomicFile.TempSuffix);

        FluentActions.Invoking(() => AtomicFile.Write(fileSystem, "/db/CURRENT", "new"u8)).Should().Throw<IOException>();

        fileSystem.FileExists("/db/CURRENT" + AtomicFile.TempSuffix).Should().BeFalse("a failed write removes its temporary file");
        fileSystem.ReadAllBytes("/db/CURRENT").Should().Equal("old"u8.ToArray(), "nothing was renamed over the target");
    }
}
