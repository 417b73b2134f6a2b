using System.Runtime.InteropServices;
using FromScratch.Shared.IO;

namespace FromScratch.Shared.Tests;

public sealed class DurabilityTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    [Trait("Step", "04")]
    public void Fsync_and_fdatasync_succeed_on_a_written_file_and_are_counted()
    {
        using var metrics = new MetricsCapture();
        using (var file = File.OpenHandle(_dir.File("data"), FileMode.CreateNew, FileAccess.ReadWrite))
        {
            FileIo.Write(file, new byte[4096], 0);
            Durability.Fsync(file);
            Durability.Fdatasync(file);
        }

        metrics.Count(StorageMetrics.FsyncsName, "fsync").Should().Be(1);
        metrics.Count(StorageMetrics.FsyncsName, "fdatasync").Should().Be(1);
        metrics.Count(StorageMetrics.FsyncDurationName, "fsync").Should().Be(1);
        metrics.Count(StorageMetrics.FsyncDurationName, "fdatasync").Should().Be(1);
        metrics.Measurements.Where(m => m.Instrument == StorageMetrics.FsyncDurationName).Should().OnlyContain(m => m.Value >= 0);
        metrics.Sum(StorageMetrics.BytesWrittenName).Should().Be(4096);
    }

    [Fact]
    [Trait("Step", "04")]
    public void FsyncDirectory_succeeds_on_a_real_directory_and_is_counted()
    {
        using var metrics = new MetricsCapture();
        File.WriteAllBytes(_dir.File("new-file"), [1]);
        Durability.FsyncDirectory(_dir.PathName);
        metrics.Count(StorageMetrics.FsyncsName, "directory").Should().Be(1);
    }

    [Fact]
    [Trait("Step", "04")]
    public void FsyncDirectory_of_a_missing_directory_throws()
    {
        FluentActions.Invoking(() => Durability.FsyncDirectory(_dir.File("missing")))
            .Should().Throw<DirectoryNotFoundException>().WithMessage("*missing*");
    }

    [Fact]
    [Trait("Step", "04")]
    public void Fsync_of_a_closed_handle_throws()
    {
        var file = File.OpenHandle(_dir.File("data"), FileMode.CreateNew, FileAccess.ReadWrite);
        file.Dispose();
        FluentActions.Invoking(() => Durability.Fsync(file)).Should().Throw<ObjectDisposedException>();
    }

    [Fact]
    [Trait("Step", "04")]
    public void Bytes_written_are_counted_exactly_per_write()
    {
        using var metrics = new MetricsCapture();
        using var file = File.OpenHandle(_dir.File("data"), FileMode.CreateNew, FileAccess.ReadWrite);
        FileIo.Write(file, new byte[12345], 0);
        metrics.Measurements.Should().Contain(m => m.Instrument == StorageMetrics.BytesWrittenName && m.Value == 12345);
    }

    [Fact]
    [Trait("Step", "04")]
    public void The_meter_is_named_for_dotnet_counters()
    {
        StorageMetrics.MeterName.Should().Be("FromScratch.Storage");
        StorageMetrics.BytesWrittenName.Should().Be("fromscratch.storage.bytes_written");
        StorageMetrics.FsyncsName.Should().Be("fromscratch.storage.fsyncs");
        StorageMetrics.FsyncDurationName.Should().Be("fromscratch.storage.fsync.duration");
    }

    [Fact]
    [Trait("Step", "04")]
    public void A_sync_the_kernel_refuses_throws_an_IOException_naming_the_call_and_the_errno()
    {
        // Linux refuses to sync /dev/null (EINVAL, as for a pipe): a real failure of the system
        // call, which must reach the caller. A sync that is never made, or whose error is swallowed
        // or retried into silence, returns normally here.
        Assert.SkipUnless(OperatingSystem.IsLinux() && File.Exists("/dev/null"), "Needs Linux, whose fsync of /dev/null fails with EINVAL.");
        const int EInval = 22;
        var text = Marshal.GetPInvokeErrorMessage(EInval);
        using var devNull = File.OpenHandle("/dev/null", FileMode.Open, FileAccess.ReadWrite, FileShare.ReadWrite);
        using var metrics = new MetricsCapture();

        FluentActions.Invoking(() => Durability.Fsync(devNull)).Should().Throw<IOException>()
            .Which.Message.Should().Contain("fsync").And.Contain(text).And.Contain($"{EInval}");
        FluentActions.Invoking(() => Durability.Fdatasync(devNull)).Should().Throw<IOException>()
            .Which.Message.Should().Contain("fdatasync").And.Contain(text).And.Contain($"{EInval}");
        metrics.Count(StorageMetrics.FsyncsName).Should().Be(0, "a sync is counted only once it has succeeded");
        metrics.Count(StorageMetrics.FsyncDurationName).Should().Be(0, "a refused sync has no duration to record");
    }

    [Fact]
    [Trait("Step", "04")]
    public void A_directory_sync_the_kernel_refuses_throws_an_IOException_naming_the_call_the_path_and_the_errno()
    {
        // procfs implements no fsync: Linux opens /proc read-only and then refuses to sync it with
        // EINVAL. A FsyncDirectory that opens and closes the directory without the fsync, or drops
        // its result, returns normally here; and a refused sync is not counted as one.
        Assert.SkipUnless(OperatingSystem.IsLinux() && Directory.Exists("/proc/self"), "Needs Linux with procfs, whose directories refuse fsync with EINVAL.");
        const int EInval = 22;
        using var metrics = new MetricsCapture();

        FluentActions.Invoking(() => Durability.FsyncDirectory("/proc")).Should().Throw<IOException>()
            .Which.Message.Should().Contain("fsync").And.Contain("'/proc'")
            .And.Contain(Marshal.GetPInvokeErrorMessage(EInval)).And.Contain($"{EInval}");
        metrics.Count(StorageMetrics.FsyncsName, "directory").Should().Be(0, "only a sync that succeeded is counted");
    }
}
