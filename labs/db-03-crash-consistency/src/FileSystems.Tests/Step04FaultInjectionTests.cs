using FromScratch.Shared.FileSystems;

namespace FromScratch.FileSystems.Tests;

/// <summary>
/// Step 04: the faults a disk reports (or hides) while the power stays on: a failed fsync, a full
/// disk, a bad sector, a flipped bit.
/// </summary>
[Trait("Step", "04")]
public sealed class Step04FaultInjectionTests
{
    private const string Log = "/db/LOG";

    private static (SimulatedFileSystem FileSystem, IFileHandle File) DurableLog(string contents = "synced;")
    {
        var fileSystem = SimFiles.WithDirectory();
        SimFiles.CreateDurable(fileSystem, Log, contents);
        return (fileSystem, fileSystem.OpenFile(Log, FileOpenMode.OpenExisting));
    }

    [Fact]
    public void A_retried_fsync_proves_nothing()
    {
        var (fileSystem, file) = DurableLog();
        file.Append("lost;"u8);
        fileSystem.Faults.FailSync(Log);

        var sync = () => file.Sync();

        var failure = sync.Should().Throw<InjectedFaultException>().Which;
        failure.Kind.Should().Be(FaultKind.SyncFailed);
        failure.HResult.Should().Be(5, "EIO");
        failure.FilePath.Should().Be(Path.GetFullPath(Log));
        SimFiles.ReadAll(file).Should().Equal("synced;lost;"u8.ToArray(), "the page cache still returns the data");
        file.Sync();
        SimFiles.Text(fileSystem.CrashKeepingAllUnsynced(), Log).Should().Be("synced;", "the retry succeeded, yet the data was never written again");
        SimFiles.Text(fileSystem.CrashLosingAllUnsynced(), Log).Should().Be("synced;");
    }

    [Fact]
    public void Part_of_a_failed_fsync_batch_may_have_reached_the_disk()
    {
        // Rebello et al. (ATC '20): when fsync fails, some pages of the batch may already be on disk.
        // The outcome is unknown: a crash may keep none, some or all of the failed writes, and a
        // later successful fsync does not settle it.
        var (fileSystem, file) = DurableLog(new string('.', 1024));
        file.Write(Enumerable.Repeat((byte)'A', 512).ToArray(), 0);
        file.Write(Enumerable.Repeat((byte)'B', 512).ToArray(), 512);
        fileSystem.Faults.FailSync(Log);
        var sync = () => file.Sync();
        sync.Should().Throw<InjectedFaultException>();
        file.Sync();

        var outcomes = Enumerable.Range(0, 200)
            .Select(seed => SimFiles.Text(fileSystem.Crash(new Random(seed)), Log))
            .Select(text => $"{text[0]}{text[512]}")
            .ToHashSet();

        outcomes.Should().BeEquivalentTo(["..", "A.", ".B", "AB"], "each page of the failed batch may or may not have reached the disk");
    }

    [Fact]
    public void Writes_after_a_failed_fsync_are_made_durable_by_the_next_one()
    {
        var (fileSystem, file) = DurableLog("0123456789");
        file.Write("ab"u8, 0);
        file.Append("lost"u8);
        fileSystem.Faults.FailSync(Log);
        var sync = () => file.Sync();
        sync.Should().Throw<InjectedFaultException>();

        file.Write("X"u8, 5);
        file.Sync();

        SimFiles.Text(fileSystem.CrashLosingAllUnsynced(), Log).Should().Be("01234X6789");
    }

    [Fact]
    public void FailSync_fails_that_many_syncs_of_that_file_only()
    {
        var (fileSystem, file) = DurableLog();
        SimFiles.CreateDurable(fileSystem, "/db/other", "");
        using var other = fileSystem.OpenFile("/db/other", FileOpenMode.OpenExisting);
        fileSystem.Faults.FailSync(Log, times: 2);
        var count = fileSystem.OperationCount;

        other.Append("x"u8);
        other.Sync();
        var sync = () => file.Sync();
        sync.Should().Throw<InjectedFaultException>();
        sync.Should().Throw<InjectedFaultException>();
        file.Sync();

        fileSystem.OperationCount.Should().Be(count + 5, "a failed sync is a counted operation: it changed what can become durable");
    }

    [Fact]
    public void Failed_directory_sync_leaves_its_entries_pending()
    {
        static SimulatedFileSystem Created(int directorySyncs)
        {
            var fileSystem = SimFiles.WithDirectory();
            SimFiles.CreateDurable(fileSystem, "/db/a", "x");
            fileSystem.OpenFile("/db/b", FileOpenMode.CreateNew).Dispose();
            fileSystem.Faults.FailSyncDirectory("/db");
            var sync = () => fileSystem.SyncDirectory("/db");
            sync.Should().Throw<InjectedFaultException>().Which.Kind.Should().Be(FaultKind.SyncFailed);
            for (var i = 1; i < directorySyncs; i++)
            {
                fileSystem.SyncDirectory("/db");
            }

            return fileSystem;
        }

        Created(directorySyncs: 1).CrashLosingAllUnsynced().ListDirectory("/db").Should().Equal("a");
        Created(directorySyncs: 2).CrashLosingAllUnsynced().ListDirectory("/db").Should().Equal("a", "b");
    }

    [Fact]
    public void Full_disk_writes_what_fits_then_throws_and_an_overwrite_needs_no_space()
    {
        var (fileSystem, file) = DurableLog("0123");
        fileSystem.Faults.LimitSpace(10);
        file.Append("456789"u8);
        var count = fileSystem.OperationCount;

        var append = () => file.Append("abcdefgh"u8);

        var failure = append.Should().Throw<InjectedFaultException>().Which;
        failure.Kind.Should().Be(FaultKind.NoSpace);
        failure.HResult.Should().Be(28, "ENOSPC");
        failure.Message.Should().Contain("4 bytes were written");
        SimFiles.ReadAll(file).Should().Equal("0123456789abcd"u8.ToArray(), "write(2) wrote the 4 bytes that fit (a short write), then the next call failed");
        fileSystem.OperationCount.Should().Be(count + 1, "the short write changed the file");
        var full = () => file.Append("x"u8);
        full.Should().Throw<InjectedFaultException>().Which.Message.Should().Contain("0 bytes were written");
        fileSystem.OperationCount.Should().Be(count + 1, "a write of which nothing fits changes nothing and is not counted");
        file.Write("AB"u8, 0);
        SimFiles.ReadAll(file).Should().Equal("AB23456789abcd"u8.ToArray(), "an overwrite inside the file needs no space");
        fileSystem.Faults.LimitSpace(null);
        file.Append(new byte[10_000]);
    }

    [Fact]
    public void Truncating_or_deleting_a_file_gives_its_space_back()
    {
        var (fileSystem, file) = DurableLog("");
        fileSystem.Faults.LimitSpace(100);
        file.Append(new byte[100]);
        var full = () => file.Append("x"u8);
        full.Should().Throw<InjectedFaultException>();

        file.SetLength(60);
        file.Append(new byte[40]).Should().Be(60, "truncating to 60 gave 40 bytes back");
        full.Should().Throw<InjectedFaultException>();

        using (var other = fileSystem.OpenFile("/db/other", FileOpenMode.CreateNew))
        {
            fileSystem.DeleteFile(Log);
            var stillOpen = () => other.Append("y"u8);
            stillOpen.Should().Throw<InjectedFaultException>("a deleted file's space is freed only when its last handle closes");
            file.Dispose();
            other.Append(new byte[100]).Should().Be(0, "deleting the closed file gave its 100 bytes back");
        }
    }

    [Fact]
    public void Read_error_hits_only_reads_that_touch_the_bad_range()
    {
        var (fileSystem, file) = DurableLog(new string('x', 2048));
        fileSystem.Faults.FailReads(Log, 1024, 512);
        var buffer = new byte[100];

        file.Read(buffer, 900).Should().Be(100);
        file.Read(buffer, 1536).Should().Be(100);
        var touching = () => file.Read(buffer, 1000);
        var inside = () => file.Read(buffer, 1400);

        touching.Should().Throw<InjectedFaultException>().Which.Kind.Should().Be(FaultKind.ReadFailed);
        inside.Should().Throw<InjectedFaultException>().Which.HResult.Should().Be(5);

        // The edges, one byte each way: [924, 1024) ends just before the bad range, [925, 1025)
        // touches its first byte, [1435, 1535) touches its last.
        file.Read(buffer, 924).Should().Be(100);
        file.Invoking(f => f.Read(buffer, 925)).Should().Throw<InjectedFaultException>("the read touches byte 1024, the first bad one");
        file.Invoking(f => f.Read(buffer, 1435)).Should().Throw<InjectedFaultException>("the read touches byte 1535, the last bad one");
    }

    [Fact]
    public void Flipped_bit_is_returned_silently_and_survives_a_crash()
    {
        var (fileSystem, file) = DurableLog("AAAA");
        file.Write("BBBB"u8, 4);

        fileSystem.Faults.FlipBit(Log, 1, 0);
        fileSystem.Faults.FlipBit(Log, 6, 1);

        SimFiles.ReadAll(file).Should().Equal("A@AABB@B"u8.ToArray());
        SimFiles.Text(fileSystem.CrashKeepingAllUnsynced(), Log).Should().Be("A@AABB@B");
    }

    [Fact]
    public void Flipped_bit_is_in_the_durable_bytes_too()
    {
        var (fileSystem, _) = DurableLog("AAAA");

        fileSystem.Faults.FlipBit(Log, 3, 7);

        SimFiles.Text(fileSystem.CrashLosingAllUnsynced(), Log).Should().Be("AAA\u00c1");
    }

    [Fact]
    public void Clear_removes_every_pending_fault()
    {
        var (fileSystem, file) = DurableLog("0123");
        fileSystem.Faults.FailSync(Log);
        fileSystem.Faults.FailSyncDirectory("/db");
        fileSystem.Faults.LimitSpace(0);
        fileSystem.Faults.FailReads(Log, 0, 4);

        fileSystem.Faults.Clear();

        file.Append("4"u8);
        file.Sync();
        fileSystem.SyncDirectory("/db");
        SimFiles.ReadAll(file).Should().Equal("01234"u8.ToArray());
    }

    [Fact]
    public void Crash_outcome_starts_without_faults()
    {
        var (fileSystem, file) = DurableLog("0123");
        fileSystem.Faults.FailSync(Log);
        fileSystem.Faults.LimitSpace(0);
        fileSystem.Faults.FailReads(Log, 0, 4);
        file.Dispose();

        var after = fileSystem.CrashLosingAllUnsynced();

        using var reopened = after.OpenFile(Log, FileOpenMode.OpenExisting);
        reopened.Append("4"u8);
        reopened.Sync();
        SimFiles.ReadAll(reopened).Should().Equal("01234"u8.ToArray());
    }
}
