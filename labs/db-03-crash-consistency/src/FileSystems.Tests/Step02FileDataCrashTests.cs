using FromScratch.Shared.FileSystems;

namespace FromScratch.FileSystems.Tests;

/// <summary>
/// Step 02: file data is durable only after Sync. A crash keeps the durable content and some of
/// the unsynced writes (CrashModel decides which); the crash point is chosen by operation count.
/// </summary>
[Trait("Step", "02")]
public sealed class Step02FileDataCrashTests
{
    private const string Log = "/db/LOG";

    [Fact]
    public void Unsynced_append_is_lost_by_a_crash()
    {
        var fileSystem = SimFiles.WithDirectory();
        SimFiles.CreateDurable(fileSystem, Log, "synced;");
        using (var file = fileSystem.OpenFile(Log, FileOpenMode.OpenExisting))
        {
            file.Append("unsynced;"u8);
            SimFiles.Text(fileSystem, Log).Should().Be("synced;unsynced;", "reads see the page cache");
        }

        var after = fileSystem.CrashLosingAllUnsynced();

        SimFiles.Text(after, Log).Should().Be("synced;");
    }

    [Fact]
    public void Unsynced_append_survives_when_the_page_cache_was_flushed_before_the_crash()
    {
        var fileSystem = SimFiles.WithDirectory();
        SimFiles.CreateDurable(fileSystem, Log, "synced;");
        using (var file = fileSystem.OpenFile(Log, FileOpenMode.OpenExisting))
        {
            file.Append("unsynced;"u8);
            file.Write("S"u8, 0);
        }

        var after = fileSystem.CrashKeepingAllUnsynced();

        SimFiles.Text(after, Log).Should().Be("Synced;unsynced;");
    }

    [Fact]
    public void Synced_data_survives_every_crash_outcome()
    {
        var durable = new string('d', 1500);
        var fileSystem = SimFiles.WithDirectory();
        SimFiles.CreateDurable(fileSystem, Log, durable);
        using (var file = fileSystem.OpenFile(Log, FileOpenMode.OpenExisting))
        {
            file.Append(new byte[700]);
            file.Write("xxxx"u8, 1600);
        }

        var outcomes = Enumerable.Range(0, 200)
            .Select(seed => fileSystem.Crash(new Random(seed)))
            .Append(fileSystem.CrashLosingAllUnsynced())
            .Append(fileSystem.CrashKeepingAllUnsynced());

        foreach (var after in outcomes)
        {
            SimFiles.Text(after, Log)[..1500].Should().Be(durable);
        }
    }

    [Fact]
    public void Sync_makes_durable_exactly_the_writes_issued_before_it()
    {
        var fileSystem = SimFiles.WithDirectory();
        SimFiles.CreateDurable(fileSystem, Log, "");
        using (var file = fileSystem.OpenFile(Log, FileOpenMode.OpenExisting))
        {
            file.Append("first;"u8);
            file.SetLength(3);
            file.Sync();
            file.Append("second;"u8);
        }

        SimFiles.Text(fileSystem.CrashLosingAllUnsynced(), Log).Should().Be("fir");
    }

    [Fact]
    public void Crash_outcomes_range_from_losing_to_keeping_every_unsynced_write()
    {
        var fileSystem = SimFiles.WithDirectory();
        SimFiles.CreateDurable(fileSystem, Log, "");
        using (var file = fileSystem.OpenFile(Log, FileOpenMode.OpenExisting))
        {
            file.Append("a"u8);
            file.Append("b"u8);
        }

        var contents = Enumerable.Range(0, 100)
            .Select(seed => SimFiles.Text(fileSystem.Crash(new Random(seed)), Log))
            .ToHashSet();

        contents.Should().Contain("").And.Contain("ab");
    }

    [Fact]
    public void Crash_is_a_pure_function_of_the_seed()
    {
        var fileSystem = SimFiles.WithDirectory();
        SimFiles.CreateDurable(fileSystem, Log, new string('d', 2000));
        for (var i = 0; i < 5; i++)
        {
            using var file = fileSystem.OpenFile($"/db/{i}.sst", FileOpenMode.CreateNew);
            file.Write(Enumerable.Repeat((byte)('a' + i), 1500).ToArray(), 0);
        }

        using (var file = fileSystem.OpenFile(Log, FileOpenMode.OpenExisting))
        {
            file.Write(Enumerable.Repeat((byte)'x', 1800).ToArray(), 300);
            file.Append("tail"u8);
        }

        var outcomes = Enumerable.Range(0, 30).Select(seed => SimFiles.Snapshot(fileSystem.Crash(new Random(seed)))).ToList();
        var again = Enumerable.Range(0, 30).Select(seed => SimFiles.Snapshot(fileSystem.Crash(new Random(seed)))).ToList();

        for (var seed = 0; seed < 30; seed++)
        {
            again[seed].Should().Equal(outcomes[seed], $"seed {seed} must replay");
        }

        outcomes.Select(o => string.Join("|", o.Select(e => e.Key + "=" + e.Value))).Distinct().Count()
            .Should().BeGreaterThan(5, "different seeds choose different outcomes");
    }

    [Fact]
    public void Crash_outcome_is_all_durable_with_no_handles_locks_or_operations()
    {
        var fileSystem = SimFiles.WithDirectory();
        using var held = fileSystem.Lock("/db/LOCK");
        fileSystem.SyncDirectory("/db");
        using var file = fileSystem.OpenFile(Log, FileOpenMode.CreateNew, exclusive: true);
        file.Append("unsynced"u8);

        var after = fileSystem.CrashKeepingAllUnsynced();

        after.OperationCount.Should().Be(0);
        after.Trace.Should().BeEmpty();
        after.PowerLost.Should().BeFalse();
        after.Model.Should().Be(fileSystem.Model);
        using (after.Lock("/db/LOCK"))
        using (after.OpenFile(Log, FileOpenMode.OpenExisting, exclusive: true))
        {
        }

        var snapshot = SimFiles.Snapshot(after);
        snapshot.Should().ContainKey(Path.GetFullPath(Log));
        SimFiles.Snapshot(after.CrashLosingAllUnsynced()).Should().Equal(snapshot, "nothing in a crash outcome is pending");
    }

    [Fact]
    public void Crash_cuts_the_power_of_the_original_and_its_open_handles()
    {
        var fileSystem = SimFiles.WithDirectory();
        var file = fileSystem.OpenFile(Log, FileOpenMode.CreateNew);

        fileSystem.Crash(new Random(1));

        fileSystem.PowerLost.Should().BeTrue();
        var append = () => file.Append("x"u8);
        var read = () => file.Read(new byte[1], 0);
        var exists = () => fileSystem.FileExists(Log);
        append.Should().Throw<PowerLossException>();
        read.Should().Throw<PowerLossException>();
        exists.Should().Throw<PowerLossException>();
        file.Dispose();
        fileSystem.Crash(new Random(1)).DirectoryExists("/db").Should().BeTrue("a dead instance can still be crashed again");
    }

    [Fact]
    public void Operation_after_power_loss_throws_and_changes_nothing()
    {
        var fileSystem = SimFiles.WithDirectory();
        var before = fileSystem.OperationCount;
        fileSystem.PowerLossAfter = before + 2;
        var file = fileSystem.OpenFile(Log, FileOpenMode.CreateNew);
        file.Append("one"u8);

        var third = () => file.Append("two"u8);

        third.Should().Throw<PowerLossException>()
            .Which.OperationCount.Should().Be(before + 2);
        third.Should().Throw<PowerLossException>().WithMessage($"simulated power loss after operation {before + 2}");
        fileSystem.PowerLost.Should().BeTrue();
        fileSystem.OperationCount.Should().Be(before + 2);
        fileSystem.Trace.Should().HaveCount((int)before + 2);
        var open = () => fileSystem.OpenFile(Log, FileOpenMode.OpenExisting);
        open.Should().Throw<PowerLossException>("uncounted operations fail too once the power is gone");
        SimFiles.Text(fileSystem.CrashKeepingAllUnsynced(), Log).Should().Be("one");
    }

    [Fact]
    public void Uncounted_operations_still_run_until_the_next_counted_one()
    {
        var fileSystem = SimFiles.WithDirectory();
        SimFiles.CreateDurable(fileSystem, Log, "abc");
        fileSystem.PowerLossAfter = fileSystem.OperationCount;

        using var file = fileSystem.OpenFile(Log, FileOpenMode.OpenExisting);
        var buffer = new byte[3];
        file.Read(buffer, 0).Should().Be(3);
        fileSystem.ListDirectory("/db").Should().Equal("LOG");
        fileSystem.PowerLost.Should().BeFalse();

        var sync = () => file.Sync();

        sync.Should().Throw<PowerLossException>();
        fileSystem.PowerLost.Should().BeTrue();
    }

    [Fact]
    public void PowerLossAfter_zero_fails_the_very_first_counted_operation()
    {
        var fileSystem = new SimulatedFileSystem { PowerLossAfter = 0 };

        var mkdir = () => fileSystem.CreateDirectory("/db");

        mkdir.Should().Throw<PowerLossException>().Which.OperationCount.Should().Be(0);
        fileSystem.CrashKeepingAllUnsynced().DirectoryExists("/db").Should().BeFalse();
    }

    [Fact]
    public void Every_crash_point_of_a_workload_can_be_reached_by_its_operation_count()
    {
        static void Workload(IFileSystem fileSystem)
        {
            fileSystem.CreateDirectory("/db");
            fileSystem.SyncDirectory("/");
            using var file = fileSystem.OpenFile(Log, FileOpenMode.CreateNew);
            file.Append("a"u8);
            file.Sync();
            fileSystem.SyncDirectory("/db");
            file.Append("b"u8);
        }

        var full = new SimulatedFileSystem();
        Workload(full);
        full.OperationCount.Should().Be(7);

        var kept = new List<string>();
        for (var k = 0; k <= full.OperationCount; k++)
        {
            var fileSystem = new SimulatedFileSystem { PowerLossAfter = k };
            var run = () => Workload(fileSystem);
            if (k < full.OperationCount)
            {
                run.Should().Throw<PowerLossException>();
            }
            else
            {
                run();
            }

            var after = fileSystem.CrashLosingAllUnsynced();
            kept.Add(after.FileExists(Log) ? SimFiles.Text(after, Log) : "-");
        }

        // Durable only once both the data (op 5) and the directory entry (op 6) are synced.
        kept.Should().Equal("-", "-", "-", "-", "-", "-", "a", "a");
    }

    [Fact]
    public void CutPower_stops_the_machine_at_the_current_operation()
    {
        var fileSystem = SimFiles.WithDirectory();
        var count = fileSystem.OperationCount;

        fileSystem.CutPower();

        fileSystem.PowerLost.Should().BeTrue();
        fileSystem.PowerLossAfter.Should().Be(count);
        var list = () => fileSystem.ListDirectory("/");
        list.Should().Throw<PowerLossException>().Which.OperationCount.Should().Be(count);
    }
}
