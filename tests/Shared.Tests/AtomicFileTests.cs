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

    [Fact]
    [Trait("Step", "05")]
    public void A_crash_at_any_operation_of_Write_leaves_the_old_or_the_new_contents()
    {
        // The power is cut after each operation of one AtomicFile.Write in turn (after none, after
        // the first, ... until Write returns); each state is crashed under 50 seeds of the
        // pessimistic crash model, which may keep or lose any unsynced change. Every outcome must
        // hold the old contents or the new, whole, and the new ones once Write returned. Both are
        // longer than a sector, so a torn file differs from both.
        var oldContents = Enumerable.Repeat((byte)'o', 1000).ToArray();
        var newContents = Enumerable.Repeat((byte)'n', 1500).ToArray();
        for (var cut = 0; ; cut++)
        {
            var fs = new SimulatedFileSystem();
            fs.CreateDirectory("/db");
            fs.SyncDirectory("/");
            AtomicFile.Write(fs, "/db/CURRENT", oldContents);
            fs.PowerLossAfter = fs.OperationCount + cut;
            var returned = false;
            try
            {
                AtomicFile.Write(fs, "/db/CURRENT", newContents);
                returned = true;
            }
            catch (PowerLossException)
            {
            }

            for (var seed = 0; seed < 50; seed++)
            {
                var afterCrash = fs.Crash(new Random(seed));
                afterCrash.FileExists("/db/CURRENT").Should().BeTrue($"the file existed durably before (power cut after {cut} operations, seed {seed})");
                var contents = afterCrash.ReadAllBytes("/db/CURRENT");
                if (returned)
                {
                    contents.Should().Equal(newContents, $"Write returned, so the new contents are durable (seed {seed})");
                }
                else
                {
                    (contents.AsSpan().SequenceEqual(oldContents) || contents.AsSpan().SequenceEqual(newContents))
                        .Should().BeTrue($"a crash after {cut} operations of Write leaves the old or the new contents, not {contents.Length} other bytes (seed {seed})");
                }
            }

            if (returned)
            {
                return;
            }

            cut.Should().BeLessThan(20, "Write makes a handful of operations");
        }
    }
}
